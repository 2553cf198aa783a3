"""The freshness page: facts by age bucket per framework, and the oldest facts."""
from __future__ import annotations

import datetime as dt
import posixpath

from ..freshness import BUCKETS, age_buckets, oldest
from ..kb import KnowledgeBase
from . import urls
from .pages import GeneratedPage, environment

PAGE = "freshness.md"
OLDEST_COUNT = 20


def _md_link(page: str, target: str, anchor: str = "") -> str:
    """A Markdown link to another page's source file: MkDocs checks it (and its anchor)
    in a strict build and turns it into the page URL."""
    rel = posixpath.relpath(target, posixpath.dirname(page) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def freshness_page(kb: KnowledgeBase, today: dt.date) -> str:
    """The page's Markdown."""
    page = PAGE
    counts = age_buckets(kb, today)
    rows = []
    for fw in kb.sorted_frameworks():
        checked = [f.as_of for f in fw.facts.values()]
        rows.append({"name": fw.name, "href": _md_link(page, urls.framework_page(fw.id)), "counts": counts[fw.id],
                     "oldest": min(checked).isoformat() if checked else "–"})
    totals = [sum(c[i] for c in counts.values()) for i in range(len(BUCKETS))]
    every = [f.as_of for fw in kb.frameworks.values() for f in fw.facts.values()]
    dims = kb.dimensions
    old = []
    for r in oldest(kb, today, OLDEST_COUNT):
        fw = kb.frameworks[r.owner]
        dim = dims.get(r.dimension)
        old.append({"as_of": r.as_of.isoformat(), "days": r.days, "name": fw.name,
                    "framework_href": _md_link(page, urls.framework_page(fw.id)),
                    "label": dim.label if dim else r.dimension,
                    # the framework page gives each dimension's row the dimension id as its anchor
                    "href": _md_link(page, urls.framework_page(fw.id), r.dimension)})
    return environment().get_template("freshness.md.j2").render(
        today=today.isoformat(), buckets=BUCKETS, rows=rows, totals=totals,
        oldest_check=min(every).isoformat() if every else "–", oldest=old)


def freshness_generated_page(kb: KnowledgeBase, today: dt.date) -> GeneratedPage:
    """The page as render_site's other pages are (path, title, description, source)."""
    return GeneratedPage(PAGE, "Freshness", "How long ago each fact was last checked: counts by age per "
                         "framework, and the oldest facts.", "data/frameworks", freshness_page(kb, today))
