"""`fwatlas new`: start a data file that already passes the schema, ready to fill.

A new framework gets every dimension as `unknown`, so nothing is forgotten and
nothing is guessed. Placeholders start with "TODO" and a rule warns about them,
so an unfilled scaffold cannot pass `fwatlas check --strict`.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from .editor import editor_comment
from .load import FOLDERS
from .model import ID_PATTERN

from .placeholders import NOT_RESEARCHED, TODO  # noqa: F401  (also imported from here)


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
                  f"    note: {NOT_RESEARCHED}"]
    lines += ["releases: []", ""]
    return "\n".join(lines)


def tool_text(entity_id: str, name: str, framework_ids: list[str], today: dt.date) -> str:
    # the frameworks are left for the contributor to name: a guess here would pass every check
    return "\n".join([
        editor_comment("tool"), f"id: {entity_id}", f"name: {_q(name)}",
        "category: library  # server | mobile-edge | browser | exchange-format | pipeline | compiler | library | hub | hardware",
        f"frameworks: [{TODO}]  # the ids of the frameworks it works with, e.g. [{', '.join(framework_ids[:2]) or 'pytorch'}]",
        f"summary: {_q(TODO + ': what it does, in your own words.')}",
        "status: active  # active | maintenance | paused | deprecated | archived (all but active: add status_since)",
        f"as_of: {today.isoformat()}", "sources:", f"  - url: https://example.org/{TODO}",
        f"    title: {_q(TODO + ': the page you checked')}", ""])


def claim_text(entity_id: str, topic_ids: list[str], today: dt.date) -> str:
    return "\n".join([
        editor_comment("claim"), f"id: {entity_id}", f"claim: {_q(TODO + ': the claim as articles state it, paraphrased.')}",
        f"topic: {topic_ids[0] if topic_ids else 'history'}",
        "verdict: depends  # accurate | outdated | misleading | wrong | depends",
        f"explanation: {_q(TODO + ': why, in your own words, citing facts.')}",
        "evidence: []  # facts that grade it, as framework:dimension",
        "sources:", f"  - url: https://example.org/{TODO}", f"    title: {_q(TODO + ': a page that backs the verdict')}",
        f"as_of: {today.isoformat()}", ""])


def new_file(root: Path, kind: str, entity_id: str, name: str | None, kb, today: dt.date) -> Path:
    if not re.fullmatch(ID_PATTERN, entity_id):
        raise ScaffoldError(f"{entity_id!r} is not a valid id: use lowercase letters, digits and hyphens")
    data = root / "data"
    path = data / FOLDERS[kind] / f"{entity_id}.yaml"
    if os.path.lexists(path):  # never overwrite what someone wrote (nor follow a dangling link)
        raise ScaffoldError(f"{path.relative_to(root)} already exists; edit it instead")
    # never write outside data/: not through a symlinked folder, nor through data/ itself being a link
    if data.is_symlink() or not path.parent.resolve().is_relative_to(data.resolve()) or path.parent.is_symlink():
        raise ScaffoldError(f"{path.parent.relative_to(root)} leads outside data/ (a symbolic link); "
                            "create the file in a real folder under data/")
    label = name or entity_id.replace("-", " ").title()
    if kind == "framework":
        text = framework_text(entity_id, label, list(kb.dimensions), today)
    elif kind == "tool":
        text = tool_text(entity_id, label, sorted(kb.frameworks), today)
    else:
        text = claim_text(entity_id, [t.id for t in kb.topics], today)
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL | O_NOFOLLOW: fail rather than follow a link created in the meantime
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    return path
