"""Rules that every fact is sourced and recently checked."""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from ..index.credentials import credentials_in, public_url
from ..kb import STALE_AFTER_DAYS
from ..model import UNKNOWN
from .base import at, file_rule, rule


def _dated(kb):
    """Every (kind, id, path, as_of) that carries a check date."""
    for fw in kb.frameworks.values():
        for dim_id, fact in fw.facts.items():
            yield "framework", fw.id, ("facts", dim_id, "as_of"), fact.as_of
    for tool in kb.tools.values():
        yield "tool", tool.id, ("as_of",), tool.as_of
    for claim in kb.claims.values():
        yield "claim", claim.id, ("as_of",), claim.as_of


@rule("source.missing")
def facts_have_sources(kb):
    """Every known fact cites at least one source.

    Bad: `value: eager` with no `sources:`.
    """
    for fw in kb.frameworks.values():
        for dim_id, fact in fw.facts.items():
            if fact.value != UNKNOWN and not fact.sources:
                yield at(kb, "framework", fw.id, ("facts", dim_id), "source.missing",
                         f"{dim_id} has no source", "add `sources:` with the url and title of the page you checked",
                         key=True)


@rule("source.future")
def as_of_not_in_future(kb):
    """`as_of` (the day a person checked the fact) is not in the future.

    Bad: `as_of: 2999-01-01`.
    """
    for kind, entity_id, path, checked in _dated(kb):
        if checked > kb.today:
            yield at(kb, kind, entity_id, path, "source.future", f"as_of {checked} is in the future",
                     f"use the day you checked the source (today is {kb.today})")


@rule("source.stale")
def as_of_recent(kb):
    """Warning: a fact, tool or claim not checked for over a year should be re-checked.

    Bad: `as_of: 2020-01-01`.
    """
    for kind, entity_id, path, checked in _dated(kb):
        if (kb.today - checked).days > STALE_AFTER_DAYS:
            yield at(kb, kind, entity_id, path, "source.stale",
                     f"last checked {checked}, over {STALE_AFTER_DAYS} days ago",
                     "re-check the source and update as_of", severity="warning")


def _sources_of(kb, kind: str, entity_id: str):
    """(path, sources) of one framework, tool or claim (nothing for other kinds of file)."""
    if kind == "framework" and entity_id in kb.frameworks:
        fw = kb.frameworks[entity_id]
        for dim_id, fact in fw.facts.items():
            yield ("facts", dim_id, "sources"), fact.sources
            for i, prev in enumerate(fact.previously):
                yield ("facts", dim_id, "previously", i, "sources"), prev.sources
        for i, release in enumerate(fw.releases):
            yield ("releases", i, "sources"), release.sources
        for i, link in enumerate(fw.lineage):
            yield ("lineage", i, "sources"), link.sources
    elif kind == "tool" and entity_id in kb.tools:
        yield ("sources",), kb.tools[entity_id].sources
    elif kind == "claim" and entity_id in kb.claims:
        yield ("sources",), kb.claims[entity_id].sources


def _weak_sources_file(kb) -> str:
    """What the source rules read besides the file itself: the weak-sources list."""
    key = ("weak-sources", "weak-sources")
    return f"{kb.file_keys.get(key, 'none')}{key in kb.broken}"


@lru_cache(maxsize=None)
def _host_and_path(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), parts.path


def weak_host(kb, url: str, entries=None):
    """The weak-sources entry a URL falls under, or None (remembered per knowledge base:
    two rules ask about every source URL)."""
    memo = kb.memo.setdefault("weak_host", {})
    key = (url, None if entries is None else id(entries))  # the lists live as long as kb
    found = memo.get(key, memo)
    if found is memo:
        found = memo[key] = _weak_host(kb.weak_sources if entries is None else entries, url)
    return found


def _weak_host(entries, url: str):
    host, path = _host_and_path(url)  # the same URLs are looked up for every rule
    for entry in entries:
        if (host == entry.host or host.endswith("." + entry.host)) and (
                entry.path is None or path.startswith(entry.path)):
            return entry
    return None


@file_rule("source.weak", context=_weak_sources_file)
def weak_sources(kb, kind, entity_id, doc):
    """Sources on hosts listed in data/weak-sources.yaml (mirrors, content farms,
    aggregators, machine-written summaries) are flagged: a notice beside a primary
    source, a warning (failing --strict) when nothing else backs the statement.

    Bad: a fact whose only source is a githubissues.com copy of a GitHub issue.
    """
    for path, sources in _sources_of(kb, kind, entity_id):
        weak = [(i, s, weak_host(kb, s.url)) for i, s in enumerate(sources)]
        weak = [(i, s, e) for i, s, e in weak if e is not None]
        if not weak:
            continue
        only = len(weak) == len(sources)
        for i, source, entry in weak:
            yield at(kb, kind, entity_id, path + (i, "url"), "source.weak",
                     f"{entry.host}{entry.path or ''} is not a source: {entry.reason}"
                     + ("; nothing else backs this" if only else ""),
                     "cite the original page instead (the project's docs, repository, release notes or blog)",
                     severity="warning" if only else "notice")


@file_rule("source.archive", context=_weak_sources_file)
def vanishing_sources_archived(kb, kind, entity_id, doc):
    """Notice: a source on a site listed under `vanishing:` in data/weak-sources.yaml
    (personal blogs, news sites that drop old pages) carries an `archived:` copy.

    Bad: a personal blog post cited with no `archived:` link.
    """
    for path, sources in _sources_of(kb, kind, entity_id):
        for i, source in enumerate(sources):
            entry = weak_host(kb, source.url, kb.vanishing_sources)
            if entry is not None and not source.archived:
                yield at(kb, kind, entity_id, path + (i, "url"), "source.archive",
                         f"{entry.host} pages tend to vanish ({entry.reason}) and this one has no archived copy",
                         "add `archived:` with the address of a snapshot you opened (e.g. on web.archive.org)",
                         severity="notice")


_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"'`]+")


def _strings(value, path=()):
    """(path, text) of every string in a parsed data file."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, path + (i,))


@file_rule("source.credentials")
def no_credentials_in_urls(kb, kind, entity_id, doc):
    """No URL in a data file carries credentials: user info (`https://user:token@host/`) or a
    parameter that looks like a secret (token=, access_token=, key=, password=, ...). Data files
    are published: sources and their archived copies, homepages, URL values, notes, and the
    index files `fwatlas sync` writes (`index:` and each package's `url:`) are all checked.

    Bad: `index: https://__token__:pypi-AgE...@pypi.example.org/simple/` in data/index/alpha.yaml.
    """
    for path, text in _strings(doc.data):
        if "://" not in text or ("@" not in text and "=" not in text):
            continue  # the common case, cheaply
        for url in _URL_IN_TEXT.findall(text):
            found = credentials_in(url)
            if found:
                yield doc.problem(path, "source.credentials",
                                  f"a URL carries credentials ({', '.join(found)}): {public_url(url)}",
                                  "remove the credentials from the URL (data files are published; revoke "
                                  "them if they were real); sync keeps them for its requests only")
