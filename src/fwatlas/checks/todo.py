"""Rules for scaffolded files that still hold placeholders."""
from __future__ import annotations

from ..placeholders import NOT_RESEARCHED, TODO
from ..yamlfile import Path_
from .base import at, file_rule


def _todos(node, path: Path_ = ()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _todos(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _todos(v, path + (i,))
    elif isinstance(node, str) and (node.startswith(TODO) or node.endswith("/" + TODO) or node == NOT_RESEARCHED):
        yield path, node


@file_rule("content.todo")
def placeholders(kb, kind, entity_id, doc):
    """Warning: no placeholder from `fwatlas new` is left ("TODO: ...", "Not researched yet.").

    Bad: `summary: "TODO: one sentence in your own words."`; `note: Not researched yet.`
    A framework most of whose facts are still "Not researched yet." is shown only as a draft.
    """
    if (kind, entity_id) in kb.broken:
        return
    for path, text in _todos(doc.data):
        shown = f" ({text!r})" if text == NOT_RESEARCHED else ""
        yield at(kb, kind, entity_id, path, "content.todo", f"{'.'.join(map(str, path))} is still a placeholder{shown}",
                 "replace it with the real content", severity="warning")
