"""Rendering: data -> Markdown pages (no MkDocs import here)."""
from .pages import GeneratedPage, nav_sections, render_site

__all__ = ["GeneratedPage", "nav_sections", "render_site"]
