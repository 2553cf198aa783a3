"""Turn facts into display-ready cells (plain dicts) that templates only print."""
from __future__ import annotations

import hashlib

from ..kb import KnowledgeBase
from ..model import UNKNOWN, Dimension, Fact, Framework
from . import urls
from .context import SiteContext

STATUS_BADGE = {"active": "ok", "maintenance": "warn", "deprecated": "bad", "archived": "bad",
                "retired": "bad"}


def _text(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def _part(text: str, title: str = "", href: str = "", badge: str = "", status: str = "") -> dict:
    return {"text": text, "title": title, "href": href, "badge": badge, "status": status}


def value_parts(kb: KnowledgeBase, dim: Dimension, value, page: str) -> list[dict]:
    """A value as a list of parts: {text, title, href, badge} — tools become links with lifecycle."""
    if value == UNKNOWN:
        return [_part("unknown", badge="unknown")]
    if dim.type == "tools" and isinstance(value, list):
        if not value:
            return [_part("none")]
        parts = []
        for tool_id in value:
            tool = kb.tools.get(tool_id)
            if tool is None:
                parts.append(_part(tool_id))
                continue
            since = f" since {tool.status_since}" if tool.status_since else ""
            parts.append(_part(tool.name, href=urls.relative(page, urls.TOOLS, f"tool-{tool.id}"),
                               status=tool.status if tool.status != "active" else "",
                               badge=STATUS_BADGE.get(tool.status, ""), title=f"{tool.name}: {tool.status}{since}"))
        return parts
    if dim.type == "enum":
        return [_part(str(value), title=(dim.values or {}).get(str(value), ""))]
    if dim.type == "support":
        return [_part(str(value), title=kb.support_levels.get(str(value), ""), badge=f"support-{value}")]
    if dim.type == "url":
        return [_part(str(value), href=str(value))]
    return [_part(_text(value))]


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
              "framework": framework.name, "label": dim.label}
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
        "parts": value_parts(kb, dim, fact.value, page),
        "since": fact.since,
        "as_of": fact.as_of.isoformat(),
        "stale": kb.is_stale(fact.as_of),
        "note": fact.note or "",
        "sources": [{"url": s.url, "title": s.title} for s in fact.sources],
        "previously": [
            {"parts": value_parts(kb, dim, p.value, page), "since": p.since, "until": p.until}
            for p in fact.previously
        ],
    })
    return result
