"""Reader-facing text is written in a neutral voice, for readers, not for the data's authors."""
from __future__ import annotations

import re
from functools import lru_cache

from .base import at, file_rule

# Text fields a reader sees (notes, summaries, highlights, explanations).
_TEXT_KEYS = {"note", "summary", "highlights", "explanation", "claim"}
_FIRST_PERSON = re.compile(r"\b(I(?!/)|I'm|I've|I'd|my|we|We|our|Our)\b")  # not I/O
# Names of data fields, which mean nothing to a reader ("First_release", "status_since").
_FIELD_NAMES = re.compile(r"\b(first_release|status_since|replaced_by|as_of|last_release|first_public_release)\b",
                          re.IGNORECASE)


def _texts(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _TEXT_KEYS and isinstance(value, str):
                yield path + (key,), value
            else:
                yield from _texts(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, path + (i,))


@lru_cache(maxsize=4)
def _ids_pattern(ids: tuple[str, ...]):
    return re.compile(r"\b(" + "|".join(re.escape(d) for d in ids) + r")\b") if ids else None


def _dimension_labels(kb) -> str:
    return "\0".join(f"{d.id}\0{d.label}" for d in kb.dimensions.values())


@file_rule("content.voice", context=_dimension_labels)
def neutral_voice(kb, kind, entity_id, doc):
    """Notes, summaries, highlights and explanations use a neutral voice: no first
    person, and no internal field names or dimension ids.

    Bad: `note: I could not find the date.`; `note: Status_since is the archive date.`
    """
    if (kind, entity_id) in kb.broken or kind in ("dimensions", "weak-sources"):
        return
    dimensions = kb.dimensions
    dimension_ids = _ids_pattern(tuple(dimensions))
    for path, text in _texts(doc.data):
        dim = dimension_ids.search(text) if dimension_ids else None
        if dim:
            label = dimensions[dim.group(0)].label
            yield at(kb, kind, entity_id, path, "content.voice", f"{'.'.join(map(str, path))} names the "
                     f"dimension id {dim.group(0)!r}", f"readers see the row as {label!r}: use that")
        first = _FIRST_PERSON.search(text)
        if first:
            yield at(kb, kind, entity_id, path, "content.voice", f"{'.'.join(map(str, path))} speaks in the "
                     f"first person ({first.group(0)!r})", "say what the sources show, e.g. 'No source gives the date'")
        field = _FIELD_NAMES.search(text)
        if field:
            yield at(kb, kind, entity_id, path, "content.voice", f"{'.'.join(map(str, path))} names the data "
                     f"field {field.group(0)!r}", "say it in words, e.g. 'archived since 2024-05-01'")
