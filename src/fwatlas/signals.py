"""Release signals computed from the data: when a framework or tool last released, how many months
ago that was, and which packages the index shows for a framework's plugins and variants.

A signal is not a verdict: a project with no release for a year may be finished, paused or
dead, and only a person who checks can say which. Pages and the rule history.no-recent-release
read these functions, so both say the same.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .index.compare import main_packages, newest, newest_by_upload
from .index.credentials import public_url
from .model import Framework, IndexFile, IndexPackage, IndexRelease, Tool
from .versions import key as version_key

if TYPE_CHECKING:  # kb imports this module; the name is only for readers and type checkers
    from .kb import KnowledgeBase

QUIET_MONTHS = 12  # an active project with no release for this long gets a warning


@dataclass(frozen=True)
class NewestRelease:
    version: str
    date: dt.date
    source: str  # "index" (its first upload to the package index) or "hand-written" (releases / last_release)
    package: str | None = None  # the package on the index, when source is "index"
    url: str | None = None  # its index page, without credentials


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from `earlier` to `later` (2025-01-30 to 2026-01-29: 11; to 2026-01-30: 12); 0 when
    `earlier` is later."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)
    return max(months, 0)


def _from_index(index: IndexFile | None, packages: list[IndexPackage] | None = None) -> NewestRelease | None:
    if index is None:
        return None
    found = newest_by_upload(index, packages)
    if found is None:
        return None
    package, release = found
    return NewestRelease(release.version, release.uploaded, "index", package.name,  # type: ignore[arg-type]
                         public_url(str(package.url)))


def _newer(a: NewestRelease | None, b: NewestRelease | None) -> NewestRelease | None:
    """The later of two; on the same day the index's (its upload is the checkable one)."""
    if a is None or b is None:
        return a or b
    return a if (a.date, a.source == "index") >= (b.date, b.source == "index") else b


def newest_framework_release(kb: KnowledgeBase, framework: Framework) -> NewestRelease | None:
    """The framework's newest release: the last upload of its own packages to the index (not its
    variants), or the newest hand-written release when that is later or there is no index data."""
    index = kb.index.get(framework.id)
    on_index = _from_index(index, main_packages(index)) if index else None
    latest = kb.latest_release(framework)
    hand = NewestRelease(latest.version, latest.date, "hand-written") if latest else None
    return _newer(on_index, hand)


def tool_index(kb: KnowledgeBase, tool_id: str) -> IndexFile | None:
    """What `fwatlas sync` read for a tool's packages (data/index/tool-<id>.yaml)."""
    return kb.tool_index.get(tool_id)


def newest_tool_release(kb: KnowledgeBase, tool: Tool) -> NewestRelease | None:
    """The tool's newest release: the last upload of any of its packages to the index, or the
    hand-written `last_release` when that is later (a release on a vendor's index) or there is no
    index data."""
    on_index = _from_index(tool_index(kb, tool.id))
    mine = tool.last_release
    hand = NewestRelease(mine.version, mine.date, "hand-written") if mine else None
    return _newer(on_index, hand)


def months_since_release(kb: KnowledgeBase, entity: Framework | Tool) -> int | None:
    """Whole months from the newest release to kb.today; None when no release is known."""
    newest_release = (newest_tool_release(kb, entity) if isinstance(entity, Tool)
                      else newest_framework_release(kb, entity))
    return months_between(newest_release.date, kb.today) if newest_release else None


def is_active(kb: KnowledgeBase, entity: Framework | Tool) -> bool:
    if isinstance(entity, Tool):
        return entity.status == "active"
    return kb.status_of(entity) == "active"


def quiet(kb: KnowledgeBase, entity: Framework | Tool) -> int | None:
    """Months without a release when an active framework or tool has had none for QUIET_MONTHS or
    more; else None. (A warning on the page, not a verdict.)"""
    months = months_since_release(kb, entity)
    return months if months is not None and months >= QUIET_MONTHS and is_active(kb, entity) else None


# -- plugins and variants ---------------------------------------------------------------

@dataclass(frozen=True)
class PluginPackage:
    """A package on the index that adds hardware to a framework or replaces its build: the framework's
    own variants (jax-cuda13-plugin, mlx-metal, paddlepaddle-gpu) and the packages of hardware tools
    that name the framework (tensorflow-metal, jax-rocm7-plugin, torch-npu)."""

    name: str
    url: str
    tool: str | None  # the tool id, for a vendor's or community package; None for the framework's own
    newest: IndexRelease | None  # the newest non-yanked final release
    first: IndexRelease | None  # the oldest final release on the index


def _plugin(package: IndexPackage, tool: str | None) -> PluginPackage:
    releases = [r for r in package.releases if not r.yanked]
    first = min(releases, key=lambda r: version_key(r.version)) if releases else None
    return PluginPackage(package.name, public_url(str(package.url)), tool, newest(package), first)


def plugin_packages(kb: KnowledgeBase, framework_id: str) -> list[PluginPackage]:
    """The framework's variant packages, then the packages of hardware tools (category hardware)
    that list the framework, by tool id: what the index shows for each."""
    out = []
    index = kb.index.get(framework_id)
    for package in index.packages if index else []:
        if package.role == "variant":
            out.append(_plugin(package, None))
    for tool_id, tool in sorted(kb.tools.items()):
        if tool.category != "hardware" or framework_id not in tool.frameworks:
            continue
        tindex = tool_index(kb, tool_id)
        for package in tindex.packages if tindex else []:
            out.append(_plugin(package, tool_id))
    return out
