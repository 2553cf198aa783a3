"""`fwatlas new`: start a data file that already passes the schema, ready to fill.

A new framework gets every dimension as `unknown`, so nothing is forgotten and
nothing is guessed. Placeholders start with "TODO" and a rule warns about them,
so an unfilled scaffold cannot pass `fwatlas check --strict`.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .editor import editor_comment
from .load import FOLDERS
from .model import ID_PATTERN

TODO = "TODO"


class ScaffoldError(Exception):
    pass


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    import json
    return json.dumps(text, ensure_ascii=False)


def framework_text(entity_id: str, name: str, dimension_ids: list[str], today: dt.date) -> str:
    lines = [editor_comment("framework"), f"id: {entity_id}", f"name: {_q(name)}",
             f"summary: {_q(TODO + ': one sentence in your own words.')}", "facts:"]
    for dim in dimension_ids:
        lines += [f"  {dim}:", "    value: unknown", f"    as_of: {today.isoformat()}",
                  "    note: Not researched yet."]
    lines += ["releases: []", ""]
    return "\n".join(lines)


def tool_text(entity_id: str, name: str, framework_ids: list[str], today: dt.date) -> str:
    fw = framework_ids[:1] or ["pytorch"]
    return "\n".join([
        editor_comment("tool"), f"id: {entity_id}", f"name: {_q(name)}",
        "category: library  # server | mobile-edge | browser | exchange-format | pipeline | compiler | library | hub | hardware",
        f"frameworks: [{fw[0]}]", f"summary: {_q(TODO + ': what it does, in your own words.')}",
        "status: active  # active | maintenance | paused | deprecated | archived (all but active: add status_since)",
        f"as_of: {today.isoformat()}", "sources:", f"  - url: https://example.org/{TODO}",
        f"    title: {_q(TODO + ': the page you checked')}", ""])


def claim_text(entity_id: str, topic_ids: list[str], today: dt.date) -> str:
    return "\n".join([
        editor_comment("claim"), f"id: {entity_id}", f"claim: {_q(TODO + ': the claim as articles state it, paraphrased.')}",
        f"topic: {topic_ids[0] if topic_ids else 'history'}",
        "verdict: depends  # accurate | outdated | misleading | wrong | depends",
        f"explanation: {_q(TODO + ': why, in your own words, citing facts.')}", "evidence: []",
        f"as_of: {today.isoformat()}", ""])


def new_file(root: Path, kind: str, entity_id: str, name: str | None, kb, today: dt.date) -> Path:
    if not re.fullmatch(ID_PATTERN, entity_id):
        raise ScaffoldError(f"{entity_id!r} is not a valid id: use lowercase letters, digits and hyphens")
    path = root / "data" / FOLDERS[kind] / f"{entity_id}.yaml"
    if path.exists():  # never overwrite what someone wrote
        raise ScaffoldError(f"{path.relative_to(root)} already exists; edit it instead")
    label = name or entity_id.replace("-", " ").title()
    if kind == "framework":
        text = framework_text(entity_id, label, list(kb.dimensions), today)
    elif kind == "tool":
        text = tool_text(entity_id, label, sorted(kb.frameworks), today)
    else:
        text = claim_text(entity_id, [t.id for t in kb.topics], today)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
