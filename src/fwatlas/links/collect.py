"""Every external URL the atlas cites, and every place it is cited.

Data: sources (facts, earlier values, releases, lineage, tools, claims, with
their `archived:` copies), framework and tool homepages, and fact values that
are URLs (dimensions of type `url`). Each place is a file, line and column.
Site: every <a href> to http(s) in the built HTML, except links to the atlas'
own site and repository (`site_url`, `repo_url` in mkdocs.yml), which the
templates generate by the thousand and `sitelinks.py` checks from the inside.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

from ..kb import KnowledgeBase
from .html import external_hrefs

_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True, order=True)
class Citation:
    """One place a URL is cited. Data files sort before site pages."""

    origin: int  # 0 data, 1 data without a known position, 2 built site
    file: str
    line: int
    col: int
    what: str = ""  # "source of alpha:execution.gpu", "homepage of tool x", "link on the page"

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


Citations = dict[str, list[Citation]]


def is_url(value: Any) -> bool:
    return isinstance(value, str) and bool(_URL.fullmatch(value.strip()))


def _add(found: Citations, url: str, citation: Citation) -> None:
    places = found.setdefault(url.strip(), [])
    if citation not in places:
        places.append(citation)


def _sources(prefix: tuple, sources: list) -> Iterator[tuple[tuple, str]]:
    for i, source in enumerate(sources):
        yield prefix + ("sources", i, "url"), source.url
        if source.archived:
            yield prefix + ("sources", i, "archived"), source.archived


def _framework_urls(fw) -> Iterator[tuple[tuple, str, str]]:
    if fw.homepage:
        yield ("homepage",), fw.homepage, f"homepage of {fw.id}"
    for dim, fact in fw.facts.items():
        what = f"source of {fw.id}:{dim}"
        if is_url(fact.value):
            yield ("facts", dim, "value"), fact.value, f"value of {fw.id}:{dim}"
        for path, url in _sources(("facts", dim), fact.sources):
            yield path, url, what
        for j, prev in enumerate(fact.previously):
            if is_url(prev.value):
                yield ("facts", dim, "previously", j, "value"), prev.value, f"earlier value of {fw.id}:{dim}"
            for path, url in _sources(("facts", dim, "previously", j), prev.sources):
                yield path, url, what
    for k, release in enumerate(fw.releases):
        for path, url in _sources(("releases", k), release.sources):
            yield path, url, f"source of {fw.id}@{release.version}"
    for k, link in enumerate(fw.lineage):
        for path, url in _sources(("lineage", k), link.sources):
            yield path, url, f"source of {fw.id} {link.relation} {link.target}"


def _tool_urls(tool) -> Iterator[tuple[tuple, str, str]]:
    if tool.homepage:
        yield ("homepage",), tool.homepage, f"homepage of tool {tool.id}"
    for path, url in _sources((), tool.sources):
        yield path, url, f"source of tool:{tool.id}"


def _claim_urls(claim) -> Iterator[tuple[tuple, str, str]]:
    for path, url in _sources((), claim.sources):
        yield path, url, f"source of claim:{claim.id}"


def collect_data(kb: KnowledgeBase) -> Citations:
    """url -> where it is cited in the data files."""
    found: Citations = {}
    groups = [("framework", kb.frameworks, _framework_urls), ("tool", kb.tools, _tool_urls),
              ("claim", kb.claims, _claim_urls)]
    for kind, entities, walk in groups:
        for entity_id, entity in entities.items():
            doc = kb.docs.get((kind, entity_id))
            for path, url, what in walk(entity):
                if doc is None:
                    _add(found, url, Citation(1, "data", 0, 0, what))
                    continue
                line, col = doc.where(path)
                _add(found, url, Citation(0, doc.file, line, col, what))
    # The knowledge base's own list of sources is the reference: nothing it cites may be missed.
    for source, where in kb.all_sources():
        if source.url.strip() not in found:
            kind, entity_id = _entity_of(where)
            _add(found, source.url, Citation(1, kb.file_of(kind, entity_id) or "data", 0, 0, f"source of {where}"))
    return found


def _entity_of(where: str) -> tuple[str, str]:
    if where.startswith(("tool:", "claim:")):
        kind, _, entity_id = where.partition(":")
        return kind, entity_id
    return "framework", re.split(r"[:@]", where, maxsplit=1)[0]


# -- the built site -------------------------------------------------------------

class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: `!ENV [NAME, default]` is resolved, other tags become None."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    items = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    return next((os.environ[n] for n in names if os.environ.get(n)), default)


_LenientLoader.add_constructor("!ENV", _env_tag)
_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def own_prefixes(root: Path) -> list[str]:
    """The atlas' own site_url and repo_url (from mkdocs.yml), if set."""
    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_LenientLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return []
    if not isinstance(config, dict):
        return []
    return [v.rstrip("/") for v in (config.get("site_url"), config.get("repo_url")) if is_url(v)]


def _under(url: str, prefix: str) -> bool:
    return url == prefix or url.startswith((prefix + "/", prefix + "?", prefix + "#"))


def collect_site(site: Path, display: str, skip: list[str] = ()) -> Citations:  # type: ignore[assignment]
    """url -> the pages (display/relative path, line, col) that link to it."""
    found: Citations = {}
    for page in sorted(site.rglob("*.html")):
        rel = f"{display.rstrip('/')}/{page.relative_to(site).as_posix()}"
        try:
            text = page.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for url, line, col in external_hrefs(text):
            if not any(_under(url, p) for p in skip):
                _add(found, url, Citation(2, rel, line, col, "link on the page"))
    return found


def merge(into: Citations, other: Citations) -> Citations:
    for url, places in other.items():
        for place in places:
            _add(into, url, place)
    return into
