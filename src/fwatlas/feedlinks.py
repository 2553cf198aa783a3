"""Where the Atom feeds live and the <link rel="alternate"> tags that point at them.

Apart from `feed` (which reads git history and the data models) so that page
settings can name the feeds without importing any of that.
"""
from __future__ import annotations

SITE_FEED = "feeds/atom.xml"
FEED_TYPE = "application/atom+xml"
SITE_TITLE = "Framework Atlas"


def feed_path(framework_id: str | None = None) -> str:
    """Where a feed is written in the site (relative to the site root)."""
    return SITE_FEED if framework_id is None else f"feeds/{framework_id}.xml"


def alternate_links(framework_id: str | None = None, name: str | None = None) -> list[dict]:
    """The <link rel="alternate"> tags for a page's head: the site-wide feed, and on a
    framework page its own feed too. `href` is relative to the site root (pass it
    through MkDocs' `url` filter in the theme)."""
    links = [{"rel": "alternate", "type": FEED_TYPE, "href": feed_path(), "title": f"{SITE_TITLE}: data changes"}]
    if framework_id is not None:
        links.append({"rel": "alternate", "type": FEED_TYPE, "href": feed_path(framework_id),
                      "title": f"{SITE_TITLE}: {name or framework_id} data changes"})
    return links
