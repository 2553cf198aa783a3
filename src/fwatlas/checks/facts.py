"""Rules that a fact's value fits its dimension."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from ..model import (MAX_SHOWN_CHARS, NO_ANSWER, NOT_APPLICABLE, UNKNOWN,
                     VERSION_RANGE_PATTERN, VIA_BACKEND)
from .. import versions
from .base import at, rule


def _is_mechanisms(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) for v in value)


def value_error(kb, dim, value) -> str | None:
    """Why `value` does not fit dimension `dim`, or None when it fits."""
    if value in NO_ANSWER:
        return None
    kind = dim.type
    if kind == "tools":  # an empty list means "no such tool": a real, sourced answer
        return None if isinstance(value, list) and not _is_mechanisms(value) or value == [] \
            else "expected a list of tool ids (or [] for none)"
    if kind == "list":  # [] is a sourced "none"
        return None if isinstance(value, list) and (not value or not _is_mechanisms(value)) \
            else "expected a list of short names, like [a, b] (or [] for none)"
    if kind == "mechanisms":
        return None if isinstance(value, list) and (not value or _is_mechanisms(value)) \
            else "expected a list of {name: ..., status: <support level>} entries (or [] for none)"
    if kind == "count":
        return None if isinstance(value, int) and not isinstance(value, bool) and value >= 0 \
            else "expected a whole number, like 187000 (the day it was read goes in as_of)"
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
    if kind == "version":
        try:
            versions.parse(value)
        except ValueError as exc:
            return str(exc)
    if kind == "version-range" and not re.fullmatch(VERSION_RANGE_PATTERN, value):
        return f"{value!r} is not a version range like \"3.10-3.14\" (inclusive) or \"3.11+\" (no upper bound)"
    if kind == "url" and urlsplit(value).scheme not in ("http", "https"):
        return f"{value!r} is not an http(s) URL"
    return None


def _typed_facts(kb):
    """(framework, dimension id, dimension, fact) for every fact whose dimension exists."""
    dims = kb.dimensions
    for fw in kb.frameworks.values():
        for dim_id, fact in fw.facts.items():
            if dim_id in dims:
                yield fw, dim_id, dims[dim_id], fact


@rule("fact.value")
def fact_values(kb):
    """A fact's value (and each earlier value) fits its dimension's type.

    Bad: `value: eagre` for an enum whose values are eager, graph, lazy;
    `value: yes-ish` for a support level; a date dimension holding text.
    """
    for fw, dim_id, dim, fact in _typed_facts(kb):
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


def shown_texts(value):
    """The strings of a value that a table shows: a text, each list item, each mechanism name."""
    if isinstance(value, str):
        yield (), value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield (i,), item
            elif isinstance(item, dict):
                yield (i, "name"), str(item.get("name", ""))


@rule("fact.short-value")
def short_values(kb):
    """A value that tables show is short: text, each list item and each mechanism
    name is at most 80 characters; the explanation belongs in `note`.

    Bad: `value: Bundled. The CUDA wheels carry their own CUDA runtime, cuDNN, ...` (200 characters).
    """
    dims = kb.dimensions
    for fw in kb.frameworks.values():
        for dim_id, fact in fw.facts.items():
            if dim_id not in dims or dims[dim_id].type in ("url", "tools"):
                continue  # addresses and tool ids are not prose
            entries = [(("facts", dim_id, "value"), fact.value)]
            entries += [(("facts", dim_id, "previously", i, "value"), p.value) for i, p in enumerate(fact.previously)]
            entries += [(("facts", dim_id, "apis"), fact.apis)]
            if fact.caveat:
                entries.append((("facts", dim_id, "caveat"), fact.caveat))
            for base, value in entries:
                for sub, text in shown_texts(value):
                    if len(text) > MAX_SHOWN_CHARS:
                        yield at(kb, "framework", fw.id, base + sub, "fact.short-value",
                                 f"{dim_id}: a value shown in tables is {len(text)} characters "
                                 f"(at most {MAX_SHOWN_CHARS})",
                                 "keep the short answer here and move the explanation into `note:`")


@rule("fact.no-answer")
def no_answer_explained(kb):
    """`not-applicable` and `via-backend` say why in a note; `via-backend` names
    the frameworks in `via`, and only it may carry `via`.

    Bad: `value: via-backend` without `via: [tensorflow, jax]`; `value: not-applicable` without a note.
    """
    for fw in kb.frameworks.values():
        for dim_id, fact in fw.facts.items():
            path = ("facts", dim_id)
            if fact.value in (NOT_APPLICABLE, VIA_BACKEND) and not fact.note:
                yield at(kb, "framework", fw.id, path + ("value",), "fact.no-answer",
                         f"{dim_id} is {fact.value} but has no note",
                         "add `note:` saying why the question cannot arise"
                         if fact.value == NOT_APPLICABLE else "add `note:` saying how the value follows the backend")
            if fact.value == VIA_BACKEND and not fact.via:
                yield at(kb, "framework", fw.id, path + ("value",), "fact.no-answer",
                         f"{dim_id} is via-backend but names no framework",
                         "add `via: [framework-id, ...]` naming the frameworks whose values apply")
            if fact.via and fact.value != VIA_BACKEND:
                yield at(kb, "framework", fw.id, path + ("via",), "fact.no-answer",
                         f"{dim_id} has `via` but its value is {fact.value!r}",
                         "use `value: via-backend`, or remove `via:`", key=True)
            if fw.id in fact.via:
                yield at(kb, "framework", fw.id, path + ("via",), "fact.no-answer",
                         f"{dim_id} names its own framework in `via`", "name the other frameworks", key=True)


@rule("fact.support-fields")
def support_fields(kb):
    """`routes` and `apis` belong to support rows, `directions` to tool rows and only for
    tools the value lists, and `until` is not before `since`; an earlier value ends
    (`until`) before the current one starts (`since`).

    Bad: `routes: [x]` on a text row; `since: "2.4"` with `until: "2.1"`.
    """
    from ..kb import version_key
    for fw, dim_id, dim, fact in _typed_facts(kb):
        path = ("facts", dim_id)
        entries = [(path, fact)] + [(path + ("previously", i), p) for i, p in enumerate(fact.previously)]
        for where, entry in entries:
            for name in ("routes", "apis"):
                if getattr(entry, name) and dim.type != "support":
                    yield at(kb, "framework", fw.id, where + (name,), "fact.support-fields",
                             f"{dim_id} is a {dim.type} row and cannot carry `{name}`",
                             f"remove `{name}:` or put the names in the value", key=True)
            if entry.since and entry.until and version_key(entry.until) < version_key(entry.since):
                yield at(kb, "framework", fw.id, where + ("until",), "fact.support-fields",
                         f"{dim_id}: until {entry.until} is before since {entry.since}",
                         "`until` is the last release that still had the value")
        if fact.directions and dim.type != "tools":
            yield at(kb, "framework", fw.id, path + ("directions",), "fact.support-fields",
                     f"{dim_id} is a {dim.type} row and cannot carry `directions`",
                     "`directions` says which way each listed tool moves a model (exchange formats)", key=True)
        listed = fact.value if isinstance(fact.value, list) else []
        for tool_id in fact.directions:
            if tool_id not in listed:
                yield at(kb, "framework", fw.id, path + ("directions", tool_id), "fact.support-fields",
                         f"{dim_id}: `directions` names {tool_id}, which the value does not list",
                         f"add {tool_id} to the value or remove it from `directions`", key=True)
        for i, prev in enumerate(fact.previously):
            if prev.until and fact.since and version_key(prev.until) >= version_key(fact.since):
                yield at(kb, "framework", fw.id, path + ("previously", i, "until"), "fact.support-fields",
                         f"{dim_id}: an earlier value lasts until {prev.until}, but the current one "
                         f"starts in {fact.since}",
                         "`until` is the last release WITH the earlier value, so it comes before `since`")


@rule("fact.route-ended")
def routes_current(kb):
    """A support cell whose only routes are paused, deprecated or archived cannot
    read as current support: it carries `until`, or the value is none or deprecated.

    Bad: `value: plugin` with `routes: [tensorflow-directml-plugin]` (paused) and no `until`.
    """
    from ..model import ENDED_TOOL_STATUSES
    for fw in kb.frameworks.values():
        for dim_id, fact in fw.facts.items():
            tools = [kb.tools.get(r) for r in fact.routes]
            if not tools or any(t is None for t in tools) or fact.until or fact.value in ("none", "deprecated"):
                continue
            if all(t.status in ENDED_TOOL_STATUSES for t in tools):
                shown = ", ".join(f"{t.id} ({t.status} since {t.status_since})" for t in tools)
                yield at(kb, "framework", fw.id, ("facts", dim_id, "value"), "fact.route-ended",
                         f"{dim_id} is {fact.value!r} only through {shown}",
                         "add `until:` (the last release that worked), or make the value none/deprecated")


# Unknowns allowed per framework, as a share of the dimensions.
MAX_UNKNOWN_SHARE = 0.10


@rule("fact.unknown-share")
def unknown_share(kb):
    """Warning: at most 10% of a framework's facts are `unknown`. Research, or say
    `not-applicable` or `via-backend` where that is the truth; never guess.

    Bad: a framework with 6 unknown facts out of 53 dimensions.
    """
    total = len(kb.dimensions)
    for fw in kb.frameworks.values():
        unknown = [d for d, f in fw.facts.items() if f.value == UNKNOWN]
        if total and len(unknown) > MAX_UNKNOWN_SHARE * total:
            yield at(kb, "framework", fw.id, ("facts",), "fact.unknown-share",
                     f"{fw.id} has {len(unknown)} unknown facts of {total} "
                     f"(at most {int(MAX_UNKNOWN_SHARE * total)}): {', '.join(unknown)}",
                     "research them; use not-applicable or via-backend only where that is the truth",
                     severity="warning", key=True)
