"""Rendering: data -> Markdown pages (no MkDocs import here).

The page builders load lazily (PEP 562): `from fwatlas.render import urls` stays cheap
for callers that only need page paths, such as the MkDocs plugin on a cached build.
"""
from . import urls
from .context import SiteContext
from ..pagedata import GeneratedPage

__all__ = ["urls", "SiteContext", "GeneratedPage", "nav_sections", "render_site"]


def __getattr__(name: str):
    if name in ("nav_sections", "render_site"):
        from . import pages
        return getattr(pages, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
