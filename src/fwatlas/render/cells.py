"""Turn facts into display-ready cells (plain dicts) that templates only print."""
from __future__ import annotations

import hashlib
import re

from ..kb import KnowledgeBase
from ..model import NOT_APPLICABLE, UNKNOWN, VIA_BACKEND, Dimension, Fact, Framework, answer_kind, item_text
from . import urls
from .context import SiteContext

STATUS_BADGE = {"active": "ok", "maintenance": "warn", "paused": "bad", "deprecated": "bad", "archived": "bad",
                "retired": "bad"}
# How the no-answer values read in a cell.
NO_ANSWER_TEXT = {UNKNOWN: "unknown", NOT_APPLICABLE: "not applicable", VIA_BACKEND: "via backend"}


def _text(value) -> str:
    """A value as one short line of plain text (tables, CSV, the compare key)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, int):
        return f"{value:,}"
    if value == []:
        return "none"  # a sourced empty list is an answer, never "unknown"
    if isinstance(value, list):
        return ", ".join(item_text(v) for v in value)
    return NO_ANSWER_TEXT.get(value, str(value))


def _earliest_first(prev) -> tuple:
    """Earlier values in time order: by their first version, else their last; undated ones keep their place."""
    from ..kb import version_key
    version = prev.since or prev.until
    return (0, version_key(version)) if version else (1, version_key("0"))


def bounds(since: str | None, until: str | None) -> str:
    """Version bounds as people say them: "2.1–2.10", "since 2.1", "until 2.10"."""
    if since and until:
        return since if since == until else f"{since}\u2013{until}"
    if since:
        return f"since {since}"
    if until:
        return f"until {until}"
    return ""


def _part(text: str, title: str = "", href: str = "", badge: str = "", status: str = "", level: str = "") -> dict:
    # badge: the class of the whole value (a support level, unknown...); level: one mechanism's support level
    return {"text": text, "title": title, "href": href, "badge": badge, "status": status, "level": level,
            "url": False}


def tool_parts(kb: KnowledgeBase, tool_ids: list[str], page: str) -> list[dict]:
    """Tool ids as links to the tools page, each with its lifecycle when it is not active."""
    parts = []
    for tool_id in tool_ids:
        tool = kb.tools.get(tool_id)
        if tool is None:
            parts.append(_part(tool_id))
            continue
        since = f" since {tool.status_since}" if tool.status_since else ""
        parts.append(_part(tool.name, href=urls.relative(page, urls.TOOLS, f"tool-{tool.id}"),
                           status=tool.status if tool.status != "active" else "",
                           badge=STATUS_BADGE.get(tool.status, ""), title=f"{tool.name}: {tool.status}{since}"))
    return parts


def value_parts(kb: KnowledgeBase, dim: Dimension, value, page: str, via: list[str] | None = None) -> list[dict]:
    """A value as a list of parts: {text, title, href, badge, status}.

    Tools become links with their lifecycle; mechanisms carry their support level;
    `via-backend` links to the cells of the frameworks it follows.
    """
    no_answer = (kb.dimensions_file.no_answer if kb.dimensions_file else {})
    if value == UNKNOWN:
        return [_part("unknown", title=no_answer.get(UNKNOWN, ""), badge="unknown")]
    if value == NOT_APPLICABLE:
        return [_part("not applicable", title=no_answer.get(NOT_APPLICABLE, ""), badge="na")]
    if value == VIA_BACKEND:
        parts = [_part("via backend", title=no_answer.get(VIA_BACKEND, ""), badge="via")]
        topic = kb.topic_of(dim.id)
        for fw_id in via or []:
            fw = kb.frameworks.get(fw_id)
            if fw is not None and topic is not None:
                parts.append(_part(fw.name, href=urls.relative(page, urls.topic_page(topic.id), f"{fw.id}--{dim.id}"),
                                   title=f"{dim.label} for {fw.name}"))
        return parts
    if dim.type == "tools" and isinstance(value, list):
        return tool_parts(kb, value, page) if value else [_part("none", badge="support-none")]
    if dim.type == "mechanisms" and isinstance(value, list):
        if not value:
            return [_part("none", badge="support-none")]
        return [_part(m["name"], title=f"{m['status']}: {kb.support_levels.get(m['status'], '')}",
                      level=m["status"]) for m in value]
    if dim.type == "list" and isinstance(value, list) and not value:
        return [_part("none", badge="support-none")]
    if dim.type == "enum":
        return [_part(str(value), title=(dim.values or {}).get(str(value), ""))]
    if dim.type == "support":
        return [_part(str(value), title=kb.support_levels.get(str(value), ""), badge=f"support-{value}")]
    if dim.type == "url":
        # shown without the scheme; the full address is the link
        shown = re.sub(r"^https?://(www\.)?", "", str(value)).rstrip("/")
        return [{**_part(shown, href=str(value), title=str(value)), "url": True}]  # breaks anywhere if it must
    if dim.type == "version-range" and isinstance(value, str):
        return [_part(value.replace("-", "\u2013"))]
    return [_part(_text(value))]


# A cell's summary names at most this many APIs and routes; the rest read "+N more" and open on demand.
NAMES_SHOWN = 3


def summary_names(apis: list[str], routes: list[dict]) -> dict:
    """The names a cell shows without a tap: its APIs, then its routes, cut at NAMES_SHOWN."""
    names = [{"text": a, "code": True} for a in apis] + [{"text": r["text"], "code": False, "status": r["status"]}
                                                         for r in routes]
    return {"shown": names[:NAMES_SHOWN], "more": max(0, len(names) - NAMES_SHOWN),
            "routes_from": len(apis)}


def has_ended(kb: KnowledgeBase, framework: Framework, until: str | None) -> bool:
    """A value ended when its last release lies before the framework's newest release: then
    it must never read as current (a retired framework's last release is not "ended")."""
    from ..kb import version_key
    newest = kb.latest_release(framework)
    return bool(until and newest and version_key(until) < version_key(newest.version))


def recheck_marker(kb: KnowledgeBase, framework: Framework, dim: Dimension, fact: Fact) -> dict | None:
    """A fact due for re-check (kb.recheck_due): `before` completes "checked <day>" on the cell, and
    `title` says why on the small marker. A signal for whoever checks next, not a doubt about the value."""
    newest = kb.recheck_due(framework, dim.id)
    if newest is None:
        return None
    where = ("its first upload to the package index" if newest.source == "index"
             else "in the framework's release list")
    return {"before": f"before release {newest.version} ({newest.date.isoformat()})",
            "title": f"Re-check due: checked on {fact.as_of.isoformat()}, before {framework.name} "
                     f"{newest.version} came out ({newest.date.isoformat()}, {where}). This row can change "
                     "with a release; the value may still hold."}


def quiet_marker(kb: KnowledgeBase, entity) -> dict | None:
    """"no release for N months" beside the status of an active framework or tool whose newest release
    is a year old or more (kb.quiet_months): a signal, not a verdict. None otherwise."""
    from ..model import Tool
    from ..signals import newest_tool_release

    months = kb.quiet_months(entity)
    if months is None:
        return None
    newest = newest_tool_release(kb, entity) if isinstance(entity, Tool) else kb.newest_release(entity)
    if newest is None:  # quiet_months found one; keep the signal without its details
        return {"text": f"no release for {months} months", "title": ""}
    when = (f"{newest.package} {newest.version}, first uploaded to the package index on {newest.date.isoformat()}"
            if newest.source == "index" else f"{newest.version}, dated {newest.date.isoformat()}")
    checked = getattr(entity, "activity_checked", None)  # a person's check that a quiet tool is still active
    seen = f" On {checked.isoformat()} a person checked that it is still active (see the note)." if checked else ""
    return {"text": f"no release for {months} months",
            "title": f"The newest release is {when}.{seen} A signal, not a verdict: a finished project can still "
                     "be active."}


def compare_key(raw: str) -> str:
    """What the compare script compares: equal values give equal keys. Long texts
    become a short digest, which keeps the page small."""
    if len(raw) <= 24:
        return raw
    return "h:" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


def fact_line(kb: KnowledgeBase, framework_id: str, dimension_id: str) -> int | None:
    doc = kb.docs.get(("framework", framework_id))
    position = doc.keys.get(("facts", dimension_id)) if doc else None
    return position[0] if position else None


def cell(kb: KnowledgeBase, framework: Framework, dim: Dimension, page: str,
         ctx: SiteContext | None = None, anchor: str = "") -> dict:
    """Everything a table cell shows for one framework and one dimension.

    With a SiteContext, the cell also links to its YAML line ("view data") and
    to a pre-filled issue ("report a problem").
    """
    fact: Fact | None = framework.facts.get(dim.id)
    anchor = anchor or f"{framework.id}--{dim.id}"
    result = {"missing": fact is None, "anchor": anchor, "raw": "", "key": "", "data_href": "", "report_href": "",
              "framework": framework.name, "label": dim.label, "answer": "missing"}
    if ctx is not None:
        source = kb.file_of("framework", framework.id)
        result["data_href"] = ctx.blob(source, fact_line(kb, framework.id, dim.id))
        shown = _text(fact.value) if fact else "not recorded"
        result["report_href"] = ctx.new_issue(
            f"Fact: {framework.name} / {dim.label}",
            f"Fact: `{framework.id}:{dim.id}`\nCurrent value: {shown}\nPage: {ctx.page(page, anchor)}\n"
            f"Data file: {source}\n\nWhat is wrong, and which source shows the right value?\n")
    if fact is None:
        return result
    result.update({
        "raw": _text(fact.value),
        "key": compare_key(_text(fact.value)),
        # what kind of answer: a value, or one of the three no-answer values (filters use it)
        "answer": answer_kind(fact.value),
        "parts": value_parts(kb, dim, fact.value, page, fact.via),
        "since": fact.since,
        "until": fact.until,
        "short": "",  # filled below: the value and its versions as one line
        "bounds": bounds(fact.since, fact.until) or (
            f"as of {(fact.measured or fact.as_of).isoformat()}" if dim.type == "count" and isinstance(fact.value, int)
            else ""),
        "routes": tool_parts(kb, fact.routes, page),
        "caveat": fact.caveat or "",
        "apis": list(fact.apis),
        "as_of": fact.as_of.isoformat(),
        "stale": kb.is_stale(fact.as_of),
        "recheck": recheck_marker(kb, framework, dim, fact),  # None, or checked before the newest release
        "note": fact.note or "",
        "sources": [{"url": s.url, "title": s.title} for s in fact.sources],
        # oldest first, each with its versions
        "previously": [
            {"parts": value_parts(kb, dim, p.value, page), "bounds": bounds(p.since, p.until),
             "routes": tool_parts(kb, p.routes, page)}
            for p in sorted(fact.previously, key=_earliest_first)
        ],
    })
    result["ended"] = has_ended(kb, framework, fact.until)
    result["names"] = summary_names(result["apis"], result["routes"])
    from .apis import cell_apis  # the dated APIs of this row, shown on demand with their versions
    result["dated_apis"] = cell_apis(kb, framework.id, dim.id)
    result["short"] = " ".join(x for x in (", ".join(p["text"] for p in result["parts"]), result["bounds"]) if x)
    return result
