"""A generated page as plain data: what the MkDocs plugin, `fwatlas generate` and the
build cache pass around. Kept apart from the renderer so that reading a cached build
imports neither Jinja templates nor the data models."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GeneratedPage:
    path: str         # docs-relative Markdown path
    title: str
    description: str  # for <meta name="description">
    source: str       # the data file or folder that feeds it (project-relative)
    markdown: str
    wide: bool = False  # a big table: hide the table of contents to give it the width
    full_width: bool = False  # a workspace (compare): hide the navigation too, so six frameworks fit 1280 px
    # Left out of the site search. The compare page repeats every cell of the
    # topic pages; indexing it again only makes the index bigger and slower to
    # build (Material builds it in the browser on every page load).
    searchable: bool = True
    # Material's search ranking: above 1 ranks a page higher, below 1 lower
    # (pages of retired frameworks come after active ones for general terms).
    search_boost: float | None = None
