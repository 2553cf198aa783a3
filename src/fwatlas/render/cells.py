"""Turn facts into display-ready cells (plain dicts) that templates only print."""
from __future__ import annotations

from ..kb import KnowledgeBase
from ..model import UNKNOWN, Dimension, Fact, Framework
from . import urls

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


def cell(kb: KnowledgeBase, framework: Framework, dim: Dimension, page: str) -> dict:
    """Everything a table cell shows for one framework and one dimension."""
    fact: Fact | None = framework.facts.get(dim.id)
    if fact is None:
        return {"missing": True, "anchor": f"{framework.id}--{dim.id}", "raw": ""}
    return {
        "missing": False,
        "anchor": f"{framework.id}--{dim.id}",
        "raw": _text(fact.value),
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
    }
