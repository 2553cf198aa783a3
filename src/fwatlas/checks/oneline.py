"""Fields shown on one line (names, titles, short values, versions, labels) hold no line break.

A line break in a name survives YAML (a `|` block, a quoted "\\n") and pydantic,
then ends a table row, a heading or a code fence wherever the text is shown:
the site, the data diff in pull-request comments, the sync report.
"""
from __future__ import annotations

import re

from ..yamlfile import Path_
from .base import at, file_rule

# Which fields are one line, per kind of file: dotted paths, `*` is one key or list index,
# `**` any number of them (a value may be text, a list of texts or a list of {name, status}).
_SOURCE_TITLES = ("**.sources.*.title",)
ONE_LINE: dict[str, tuple[str, ...]] = {
    "framework": ("name", "facts.*.value.**", "facts.*.since", "facts.*.until",
                  "facts.*.apis.*", "facts.*.caveat",
                  "facts.*.previously.*.value.**", "facts.*.previously.*.since",
                  "facts.*.previously.*.until", "facts.*.previously.*.apis.*",
                  "releases.*.version", "releases.*.drops.*") + _SOURCE_TITLES,
    "tool": ("name", "formerly.*", "last_release.version") + _SOURCE_TITLES,
    "claim": ("claim", "check.contains", "check.equals.**") + _SOURCE_TITLES,
    "dimensions": ("topics.*.label", "topics.*.dimensions.*.label", "topics.*.dimensions.*.keywords.*"),
    "index": ("packages.*.name", "packages.*.releases.*.version", "packages.*.releases.*.accelerator",
              "packages.*.releases.*.accelerator_extras.*", "packages.*.releases.*.requires_python"),
}


def _matches(pattern: tuple[str, ...], path: Path_) -> bool:
    if not pattern:
        return not path
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(_matches(rest, path[i:]) for i in range(len(path) + 1))
    return bool(path) and (head == "*" or head == path[0]) and _matches(rest, path[1:])


def _strings(node, path: Path_ = ()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, path + (i,))
    elif isinstance(node, str):
        yield path, node


# Unicode's control characters (category Cc) and its line and paragraph separators (Zl, Zp)
_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def line_break(text: str) -> str | None:
    """The first line break or other control character in text, else None."""
    found = _BREAK.search(text)
    return found.group(0) if found else None


_PATTERNS = {kind: [tuple(p.split(".")) for p in found] for kind, found in ONE_LINE.items()}


@file_rule("content.one-line")
def one_line_fields(kb, kind, entity_id, doc):
    """Names, titles, short values, versions and labels hold no line break (nor another control character).

    Bad: `name: "Alpha\\nBeta"`; `title: |` followed by two lines; `name: >` (folded text keeps
    a line break at its end: use `>-` or one plain line).
    """
    if (kind, entity_id) in kb.broken or kind not in _PATTERNS:
        return
    for path, text in _strings(doc.data):
        ch = line_break(text)
        if ch is None or not any(_matches(p, path) for p in _PATTERNS[kind]):
            continue
        field = ".".join(map(str, path))
        what = "a line break" if ch in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029" else "a control character"
        yield at(kb, kind, entity_id, path, "content.one-line",
                 f"{field} is shown on one line but holds {what} ({ch!r})",
                 "write it on one line as a plain or quoted string (a `|` or `>` block keeps line breaks; "
                 "longer text belongs in `note`)")
