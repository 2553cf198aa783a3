"""Rules for editor support."""
from __future__ import annotations

from ..editor import editor_comment
from .base import rule
from ..problems import Problem


@rule("editor.schema-comment")
def schema_comment(kb):
    """Warning: a data file starts with the comment that points editors at its JSON Schema.

    Good: `# yaml-language-server: $schema=../schema/framework.schema.json` as line 1 of a framework file.
    """
    for (kind, entity_id), doc in sorted(kb.docs.items()):
        if (kind, entity_id) in kb.broken:  # its real problems come first
            continue
        expected = editor_comment(kind)
        if doc.first_line != expected:
            yield Problem(doc.file, 1, 1, "editor.schema-comment", "the first line is not the editor schema comment",
                          f"make line 1: {expected}", "warning")
