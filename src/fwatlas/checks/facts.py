"""Rules that a fact's value fits its dimension."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from ..model import UNKNOWN, VERSION_PATTERN
from .base import at, rule


def value_error(kb, dim, value) -> str | None:
    """Why `value` does not fit dimension `dim`, or None when it fits."""
    if value == UNKNOWN:
        return None
    kind = dim.type
    if kind == "tools":  # an empty list means "no such tool": a real, sourced answer
        return None if isinstance(value, list) else "expected a list of tool ids (or [] for none)"
    if kind == "list":
        return None if isinstance(value, list) and value else "expected a non-empty list"
    if kind == "bool":
        return None if isinstance(value, bool) else "expected true or false"
    if kind == "date":
        return None if isinstance(value, dt.date) else "expected an ISO date like 2023-03-15"
    if not isinstance(value, str):
        return f"expected text for a {kind} dimension"
    if kind == "enum" and value not in (dim.values or {}):
        return f"{value!r} is not one of: {', '.join(dim.values or {})}"
    if kind == "support" and value not in kb.support_levels:
        return f"{value!r} is not a support level ({', '.join(kb.support_levels)})"
    if kind == "version" and not re.fullmatch(VERSION_PATTERN, value):
        return f"{value!r} is not a version like \"2.0\""
    if kind == "url" and urlsplit(value).scheme not in ("http", "https"):
        return f"{value!r} is not an http(s) URL"
    return None


@rule("fact.value")
def fact_values(kb):
    """A fact's value (and each earlier value) fits its dimension's type.

    Bad: `value: eagre` for an enum whose values are eager, graph, lazy;
    `value: yes-ish` for a support level; a date dimension holding text.
    """
    dims = kb.dimensions
    for fw in kb.frameworks.values():
        for dim_id, fact in fw.facts.items():
            dim = dims.get(dim_id)
            if dim is None:
                continue
            entries = [(("facts", dim_id, "value"), fact.value)]
            entries += [(("facts", dim_id, "previously", i, "value"), p.value) for i, p in enumerate(fact.previously)]
            for path, value in entries:
                error = value_error(kb, dim, value)
                if error:
                    yield at(kb, "framework", fw.id, path, "fact.value", f"{dim_id}: {error}",
                             f"see the {dim.type} dimension {dim_id} in data/dimensions.yaml")


@rule("fact.unknown-note")
def unknown_has_note(kb):
    """An `unknown` value carries a note saying what was searched.

    Bad: `value: unknown` with no `note:`.
    """
    for fw in kb.frameworks.values():
        for dim_id, fact in fw.facts.items():
            if fact.value == UNKNOWN and not fact.note:
                yield at(kb, "framework", fw.id, ("facts", dim_id, "value"), "fact.unknown-note",
                         f"{dim_id} is unknown but has no note", "add `note:` saying what was searched")


@rule("fact.missing")
def missing_facts(kb):
    """Warning: every framework has a fact (or `unknown`) for every dimension.

    Bad: a framework file with no `history.license` entry.
    """
    for fw in kb.frameworks.values():
        missing = [d for d in kb.dimensions if d not in fw.facts]
        if missing:
            shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            yield at(kb, "framework", fw.id, ("facts",), "fact.missing",
                     f"{fw.id} has no value for {len(missing)} dimension(s): {shown}",
                     "add them, as `value: unknown` with a note if they cannot be verified",
                     severity="warning", key=True)
