"""Rendering: data -> Markdown pages (no MkDocs import here)."""
from . import urls
from .context import SiteContext
from .pages import GeneratedPage, nav_sections, render_site

__all__ = ["urls", "SiteContext", "GeneratedPage", "nav_sections", "render_site"]
