"""Dated APIs for readers: a framework's API timeline by topic, its migration notes, the APIs
a table cell holds on demand, and the check in the pinned environment ("checked with torch
2.15.0 on 2026-12-06"). Input: data/apis/<id>.yaml and data/snippets/api-results.yaml."""
from __future__ import annotations

from ..kb import KnowledgeBase, version_key


def _results(kb: KnowledgeBase) -> dict:
    from ..snippets.apiresults import load_recorded
    if not hasattr(kb, "_api_results"):
        kb._api_results = load_recorded(kb.root)  # type: ignore[attr-defined]  # read once per build
    return kb._api_results  # type: ignore[attr-defined]


def _history(api) -> str:
    """The status story, oldest first: "experimental 2.4 → stable 2.6 → deprecated 2.9"."""
    return " \u2192 ".join(f"{s.status} {s.since}" for s in api.statuses)


def current_status(api) -> str:
    return api.statuses[-1].status if api.statuses else ("removed" if api.until else "stable")


def api_row(kb: KnowledgeBase, fw_id: str, api) -> dict:
    key = f"{fw_id}:{api.name}" + (f"@{api.backend}" if api.backend else "")
    result = _results(kb).get(key)
    check = ""
    if isinstance(result, dict) and result.get("ok"):
        seen = "present" if result.get("observed") == "present" else "gone"
        check = f"{seen} in {result.get('package')} {result.get('pinned')}"
        if result.get("warning"):
            check += f", warns ({result.get('warning')})"
        check += f"; checked {result.get('date')}"
    elif isinstance(result, dict):
        check = f"check with {result.get('package')} {result.get('pinned')} did not match these dates"
    dim = kb.dimensions.get(api.dimension)
    topic = kb.topic_of(api.dimension)
    return {"name": api.name, "anchor": "api-" + api.name.replace(".", "-").lower() + (f"-{api.backend}" if api.backend else ""),
            "since": api.since, "until": api.until or "", "status": current_status(api), "history": _history(api),
            "status_since": api.statuses[-1].since if api.statuses else "",
            "dimension": dim.label if dim else api.dimension, "topic": topic.label if topic else "",
            "topic_id": topic.id if topic else "", "backend": api.backend or "",
            "replaced_by": list(api.replaced_by), "migration": api.migration or "", "note": api.note or "",
            "sources": [{"url": s.url, "title": s.title} for s in api.sources], "check": check,
            "checked": bool(result and isinstance(result, dict) and result.get("ok"))}


def timeline(kb: KnowledgeBase, fw_id: str) -> list[dict]:
    """The framework's APIs grouped by topic (in the order of dimensions.yaml), each group in
    release order (since, then name)."""
    apis = kb.apis.get(fw_id)
    if apis is None:
        return []
    order = {t.id: i for i, t in enumerate(kb.topics)}
    groups: dict[str, dict] = {}
    for api in apis.apis:
        row = api_row(kb, fw_id, api)
        group = groups.setdefault(row["topic_id"], {"id": row["topic_id"], "label": row["topic"], "rows": []})
        group["rows"].append(row)
    for g in groups.values():
        g["rows"].sort(key=lambda r: (version_key(r["since"]), r["name"]))
    return sorted(groups.values(), key=lambda g: order.get(g["id"], 99))


def defaults(kb: KnowledgeBase, fw_id: str) -> list[dict]:
    apis = kb.apis.get(fw_id)
    return [{"api": d.api, "change": d.change, "since": d.since, "note": d.note or "",
             "sources": [{"url": s.url, "title": s.title} for s in d.sources]}
            for d in sorted(apis.defaults if apis else [], key=lambda d: version_key(d.since))]


def migrating(kb: KnowledgeBase, fw_id: str) -> dict:
    """What leaves and what replaces it, and where the maintainers sent users."""
    apis = kb.apis.get(fw_id)
    leaving = [api_row(kb, fw_id, a) for a in (apis.apis if apis else [])
               if a.until or any(s.status in ("deprecated", "removed") for s in a.statuses)]
    leaving.sort(key=lambda r: (version_key(r["until"] or r["since"]), r["name"]))
    return {"apis": leaving, "sent_users_to": (apis.sent_users_to or "") if apis else "",
            "sources": [{"url": s.url, "title": s.title} for s in (apis.sent_users_sources if apis else [])]}


def cell_apis(kb: KnowledgeBase, fw_id: str, dimension_id: str) -> list[dict]:
    """The dated APIs a table cell holds on demand: name with its versions and status."""
    apis = kb.apis.get(fw_id)
    rows = [a for a in (apis.apis if apis else []) if a.dimension == dimension_id]
    rows.sort(key=lambda a: version_key(a.since))
    return [{"name": a.name, "since": a.since, "until": a.until or "", "status": current_status(a)} for a in rows]


def versions_of(kb: KnowledgeBase) -> dict[str, dict]:
    """dotted name -> {since, until, status} across frameworks (the equivalents table's versions)."""
    found = {}
    for fw_id, apis in kb.apis.items():
        for a in apis.apis:
            found.setdefault(a.name, {"since": a.since, "until": a.until or "", "status": current_status(a),
                                      "framework": fw_id})
    return found
