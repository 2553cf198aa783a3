"""The freshness page: facts by age bucket per framework, and the oldest facts."""
from __future__ import annotations

import datetime as dt
import posixpath

from ..freshness import BUCKETS, age_buckets, due_rows, oldest
from ..kb import KnowledgeBase
from . import urls
from ..pagedata import GeneratedPage
from .jinja_env import environment

PAGE = "freshness.md"
OLDEST_COUNT = 20


def _md_link(page: str, target: str, anchor: str = "") -> str:
    """A Markdown link to another page's source file: MkDocs checks it (and its anchor)
    in a strict build and turns it into the page URL."""
    rel = posixpath.relpath(target, posixpath.dirname(page) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def newest_release_header(kb: KnowledgeBase, fw) -> dict | None:
    """The framework page header's newest release (kb.newest_release): its version and day, whether
    the day is its first upload to the package index, and the version of its row in the page's release
    list (`listed`: the release itself, or the series it belongs to, 0.12 for 0.12.1), or "" when nobody
    has listed it yet: the index knows a release before anyone writes its highlights."""
    from ..checks.history import release_for
    from ..kb import version_key

    newest = kb.newest_release(fw)
    if newest is None:
        return None
    listed = next((r for r in fw.releases if version_key(r.version) == version_key(newest.version)), None)
    listed = listed or release_for(fw, newest.version)
    return {"version": newest.version, "date": newest.date.isoformat(), "index": newest.source == "index",
            "package": newest.package or "", "listed": listed.version if listed else ""}


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
        oldest_check=min(every).isoformat() if every else "–", oldest=old, **_due(kb, today, page))


def _due(kb: KnowledgeBase, today: dt.date, page: str) -> dict:
    """The facts due for re-check: per framework its newest release and how many are due, and for
    each framework with some, the facts in `fwatlas stale --due` order (hardware, installation first)."""
    found: dict[str, list] = {}
    for r in due_rows(kb, today):
        found.setdefault(r.framework, []).append(r)
    dims = kb.dimensions
    frameworks, lists = [], []
    for fw in kb.sorted_frameworks():
        newest = newest_release_header(kb, fw)
        mine = found.get(fw.id, [])
        frameworks.append({"name": fw.name, "href": _md_link(page, urls.framework_page(fw.id)), "count": len(mine),
                           "version": newest["version"] if newest else "", "date": newest["date"] if newest else "",
                           "anchor": f"recheck-{fw.id}" if mine else ""})
        if mine:
            lists.append({"name": fw.name, "anchor": f"recheck-{fw.id}", "count": len(mine), "facts": [
                {"label": dims[r.dimension].label if r.dimension in dims else r.dimension,
                 "topic": (kb.topic_of(r.dimension).label if kb.topic_of(r.dimension) else r.topic),
                 "href": _md_link(page, urls.framework_page(fw.id), r.dimension),
                 "as_of": r.as_of.isoformat(), "days": r.days} for r in mine]})
    topics = [t.label for t in kb.topics if t.release_dependent]
    return {"due_frameworks": frameworks, "due_lists": lists, "due_total": sum(f["count"] for f in frameworks),
            "due_topics": topics}


def freshness_generated_page(kb: KnowledgeBase, today: dt.date) -> GeneratedPage:
    """The page as render_site's other pages are (path, title, description, source)."""
    return GeneratedPage(PAGE, "Freshness", "How long ago each fact was last checked: counts by age per "
                         "framework, and the oldest facts.", "data/frameworks", freshness_page(kb, today))
