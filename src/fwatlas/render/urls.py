"""Where each generated page lives, and links between pages.

Links in a page's Markdown (raw HTML included) are written as **source paths**, the form
Markdown links take: relative to the page's own .md file, to the target's .md file
(`../frameworks/pytorch.md#hardware.cpu`) or to a file in docs/ (`../api/v1/x.json`).
Every builder resolves them: Zensical rewrites every relative href and src in a page,
raw HTML too; MkDocs rewrites only Markdown links, so `srclinks` (run by the fwatlas
plugin, and as a hook in the folder `fwatlas generate` writes) does the same for the
raw HTML. A link that only a script reads (JSON, data-* attributes) is never rewritten
by anyone, so it is written as the page's URL sees it (`url_relative`).
"""
from __future__ import annotations

import posixpath

from .. import srclinks

HOME = "index.md"
COMPARE = "compare.md"
FINDER = "finder.md"
DATA = "data.md"
TOOLS = "tools.md"
CLAIMS = "claims.md"
HISTORY = "history.md"
RULES = "rules.md"
CONTRIBUTING = "contributing.md"


def topic_page(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


PLATFORMS = "platforms.md"
FRAMEWORKS = "frameworks/index.md"  # the list; the sidebar links here, not to every framework


def framework_page(framework_id: str) -> str:
    return f"frameworks/{framework_id}.md"


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL a builder gives a page, relative to the site root ("" for the home page):
    `topics/hardware/` (use_directory_urls: true, the default of MkDocs and Zensical)."""
    return srclinks.page_url(src, directory_urls)


def relative(from_src: str, to_src: str, anchor: str = "") -> str:
    """A link from one page's source to another's, as written in the Markdown: the target's
    .md path relative to the page's folder (`../frameworks/pytorch.md#anchor`), resolved by
    the builder (see the module's note). The home page is linked as the docs folder itself
    (`./`, `../`), so that `relative(page, HOME) + "assets/x.js"` names a file beside it."""
    folder = posixpath.dirname(from_src)
    if to_src == HOME and not anchor:
        rel = srclinks.relpath("", folder)
        return "./" if rel == "." else rel + "/"
    return srclinks.relpath(to_src, folder) + (f"#{anchor}" if anchor else "")


def url_relative(from_src: str, to_src: str, anchor: str = "") -> str:
    """The same link as the built page's URL sees it (`../../frameworks/pytorch/#anchor`), for
    links that only a script reads: builders rewrite hrefs, never JSON or data-* attributes."""
    return resolve(from_src, relative(from_src, to_src, anchor))


def resolve(from_src: str, href: str, directory_urls: bool = True) -> str:
    """A source-path link (see `relative`) as the built page at `from_src` must write it:
    what MkDocs does to a Markdown link, and Zensical to any relative href. Links that are not
    relative paths (`#x`, `?q`, `/x`, `https:`, `mailto:`) and paths leaving the docs folder
    are returned unchanged."""
    return srclinks.resolve(from_src, href, directory_urls)
