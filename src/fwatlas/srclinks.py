"""Raw-HTML links written as source paths, resolved the way Zensical resolves them.

The generated pages are Markdown whose tables are raw HTML. Their links are written as
source paths (`<a href="../frameworks/pytorch.md#hardware.cpu">`, `<script src="assets/x.js">`),
relative to the page's .md file, as Markdown links are. Zensical rewrites every relative
href and src of a page into the built URL, raw HTML included; MkDocs rewrites only Markdown
links and leaves raw HTML alone. This module does for MkDocs what Zensical does, before the
Markdown is converted: the fwatlas plugin calls `rewrite` on every generated page, and
`fwatlas generate` copies this file into its output as an MkDocs hook (`hooks:` in its
mkdocs.yml; Zensical accepts the key and runs no hooks, so nothing is rewritten twice).

Self-contained on purpose (standard library only): as a hook it runs in any MkDocs
environment, without fwatlas installed.
"""
from __future__ import annotations

import posixpath
import re

# a URL with a scheme (https:, mailto:, javascript:, data:)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# the tags whose href or src a builder resolves
_TAG = re.compile(r"<(?:a|area|link|script|img|source|track|iframe|audio|video|embed)\s[^<>]*>", re.I)
_ATTR = re.compile(r"""(\s(?:href|src)\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.I)


def relpath(target: str, start: str) -> str:
    """posixpath.relpath for paths relative to the same root ("" or "." is the root), without
    asking the file system for the working directory (it is called for every link)."""
    t = [p for p in target.split("/") if p not in ("", ".")]
    s = [p for p in start.split("/") if p not in ("", ".")]
    common = 0
    while common < min(len(t), len(s)) and t[common] == s[common]:
        common += 1
    parts = [".."] * (len(s) - common) + t[common:]
    return "/".join(parts) or "."


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL of the page built from `src` (a .md path in docs/), relative to the site root."""
    stem = src[:-3] if src.endswith(".md") else src
    if not directory_urls:
        return stem + ".html"
    if stem in ("index", "README"):
        return ""
    for name in ("/index", "/README"):
        if stem.endswith(name):
            return stem[: -len(name)] + "/"
    return stem + "/"


def resolve(from_src: str, href: str, directory_urls: bool = True) -> str:
    """`href`, written relative to the source file `from_src`, as the built page must write it.

    A path to a .md file becomes that page's URL, any other path the same file or folder,
    both relative to the page's own URL (what MkDocs does to a Markdown link). Links that are
    not relative paths (`#x`, `?q`, `/x`, `//host`, `https:`, `mailto:`) and paths that leave
    the docs folder are returned unchanged: the site's link check reports the latter."""
    if not href or href[0] in "#?/" or _SCHEME.match(href):
        return href
    cut = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
    path, rest = href[:cut], href[cut:]
    target = posixpath.normpath(posixpath.join(posixpath.dirname(from_src), path))
    if target == ".." or target.startswith("../"):
        return href
    folder = path.endswith("/") or path in (".", "..") or path.endswith(("/.", "/.."))
    if target == ".":
        target, folder = "", True
    if target.endswith(".md") and not folder:
        target = page_url(target, directory_urls)
        folder = target.endswith("/") or target == ""
        target = target.rstrip("/")
    here = page_url(from_src, directory_urls)
    base = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)
    rel = relpath(target, base)
    if folder:
        rel = "./" if rel == "." else rel + "/"
    return rel + rest


def rewrite(markdown: str, src: str, directory_urls: bool = True) -> str:
    """Every href and src of the raw-HTML tags in `markdown` (the page built from `src`)
    resolved with `resolve`. Markdown links are left to the builder."""
    def attr(m: re.Match) -> str:
        quote = '"' if m.group(2) is not None else "'"
        value = m.group(2) if m.group(2) is not None else m.group(3)
        return f"{m.group(1)}{quote}{resolve(src, value, directory_urls)}{quote}"

    return _TAG.sub(lambda tag: _ATTR.sub(attr, tag.group(0)), markdown)


def on_page_markdown(markdown, page, config, files, **kwargs):
    """The MkDocs hook (`hooks:` in the mkdocs.yml `fwatlas generate` writes)."""
    return rewrite(markdown, page.file.src_uri, bool(config.get("use_directory_urls", True)))
