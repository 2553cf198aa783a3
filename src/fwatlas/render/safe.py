"""Escaping for the two renderers a value passes through.

Generated pages are Markdown that python-markdown renders again, so text from
YAML must be safe for HTML *and* inert as Markdown: `md_text` turns every
character Markdown or attr_list could act on into an HTML entity.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from markupsafe import Markup, escape

_MARKDOWN_ACTIVE = set("\\`*_{}[]()#+-.!|~<>:&\"'=")


def md_text(value: object) -> Markup:
    """Text for a Markdown context (headings, list items): escaped for HTML and Markdown."""
    return Markup("".join(f"&#{ord(c)};" if c in _MARKDOWN_ACTIVE else c for c in str(value)))


def safe_url(value: object) -> str:
    """Only http(s) and relative URLs reach an href; anything else (javascript:,
    data:, scheme-relative //host) becomes a harmless '#'."""
    text = str(value).strip()
    parts = urlsplit(text)
    if parts.scheme in ("http", "https") and parts.netloc:
        return text
    if not parts.scheme and not parts.netloc and not text.startswith("//") and ":" not in text.split("/")[0]:
        return text
    return "#"


def attr_id(value: object) -> str:
    """An HTML id from trusted ids (already validated against the id patterns)."""
    return str(escape(str(value))).replace(" ", "-")


def soft_breaks(value: object) -> Markup:
    """Escaped text with break opportunities (<wbr>) after . _ / = and before ( in code-like
    tokens (torch.compile, set_context(mode=GRAPH_MODE)), so narrow cells wrap there and never
    inside a word."""
    import re
    text = str(escape(str(value)))
    text = re.sub(r"([._/=])(?=[^\s])", r"\1<wbr>", text)
    # before "(" in code (set_context<wbr>(mode=...)), never after it: prose like "team (Google)"
    # must not leave a lone "(" at a line's end
    return Markup(re.sub(r"(?<=[^\s(])\(", "<wbr>(", text))


def code_breaks(value: object) -> Markup:
    """An API name with break opportunities at dots and underscores and between the words of a
    CamelCase name (Distributed<wbr>Data<wbr>Parallel), so a narrow cell never splits a word."""
    import re
    return Markup(re.sub(r"([a-z0-9])(?=[A-Z])", r"\1<wbr>", str(soft_breaks(value))))
