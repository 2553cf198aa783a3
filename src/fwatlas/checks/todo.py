"""Rules for scaffolded files that still hold placeholders."""
from __future__ import annotations

from ..scaffold import TODO
from ..yamlfile import Path_
from .base import at, rule


def _todos(node, path: Path_ = ()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _todos(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _todos(v, path + (i,))
    elif isinstance(node, str) and (node.startswith(TODO) or node.endswith("/" + TODO)):
        yield path


@rule("content.todo")
def placeholders(kb):
    """Warning: no placeholder from `fwatlas new` is left ("TODO: ...").

    Bad: `summary: "TODO: one sentence in your own words."`
    """
    for (kind, entity_id), doc in sorted(kb.docs.items()):
        if (kind, entity_id) in kb.broken:
            continue
        for path in _todos(doc.data):
            yield at(kb, kind, entity_id, path, "content.todo", f"{'.'.join(map(str, path))} is still a placeholder",
                     "replace it with the real content", severity="warning")
