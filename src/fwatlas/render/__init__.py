"""Rendering: data -> Markdown pages (no MkDocs import here)."""
from .context import SiteContext
from .pages import GeneratedPage, nav_sections, render_site

__all__ = ["SiteContext", "GeneratedPage", "nav_sections", "render_site"]
