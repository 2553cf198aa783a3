"""The knowledge base: validated data plus the values derived from it.

Derived values (latest release, staleness, a fact's display history) are
computed here and only here, so pages, API and checks agree.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from packaging.version import Version

from . import versions

from .model import UNKNOWN, Claim, Dimension, DimensionsFile, Fact, Framework, IndexFile, Tool, Topic
from .yamlfile import Document

STALE_AFTER_DAYS = 365


def version_key(version: str) -> Version:
    """Release order (PEP 440). Versions are validated on load, so none sorts as 0."""
    return versions.key(version)


@dataclass
class KnowledgeBase:
    root: Path
    today: dt.date
    dimensions_file: DimensionsFile | None = None
    frameworks: dict[str, Framework] = field(default_factory=dict)
    tools: dict[str, Tool] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    # framework id -> what `fwatlas sync` read from the package index (data/index/<id>.yaml)
    index: dict[str, IndexFile] = field(default_factory=dict)
    # tool id -> what `fwatlas sync` read for the tool's packages (data/index/tool-<id>.yaml)
    tool_index: dict[str, IndexFile] = field(default_factory=dict)
    # framework id -> its accelerator builds per release series (data/builds/<id>.yaml, hand-curated)
    builds: dict = field(default_factory=dict)
    # framework id -> its dated APIs and changed defaults (data/apis/<id>.yaml, hand-curated)
    apis: dict = field(default_factory=dict)
    weak_sources: list = field(default_factory=list)  # WeakHost entries from data/weak-sources.yaml
    vanishing_sources: list = field(default_factory=list)  # hosts whose pages should carry an archived copy
    # where each entity came from: (kind, id) -> Document, for positioned problems
    docs: dict[tuple[str, str], Document] = field(default_factory=dict)
    # ids of files that failed to load; references to them are not reported again
    broken: set[tuple[str, str]] = field(default_factory=set)
    # (kind, id) -> the key of the file's bytes (load.file_key), for results kept per file
    file_keys: dict[tuple[str, str], str] = field(default_factory=dict, repr=False, compare=False)
    # rulecache.RuleResults of this check run, or None (per-file rules then simply compute)
    rule_results: object = field(default=None, repr=False, compare=False)
    # framework id -> its newest release (signals.NewestRelease or None), computed once: every cell asks
    _newest: dict = field(default_factory=dict, repr=False, compare=False)
    # values rules derive from the loaded data and ask for more than once (see checks.sources.weak_host)
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    # -- dimensions ---------------------------------------------------------
    @property
    def topics(self) -> list[Topic]:
        return self.dimensions_file.topics if self.dimensions_file else []

    @property
    def dimensions(self) -> dict[str, Dimension]:
        return {d.id: d for t in self.topics for d in t.dimensions}

    def topic_of(self, dimension_id: str) -> Topic | None:
        return next((t for t in self.topics if any(d.id == dimension_id for d in t.dimensions)), None)

    @property
    def support_levels(self) -> dict[str, str]:
        return self.dimensions_file.support_levels if self.dimensions_file else {}

    # -- facts --------------------------------------------------------------
    def fact(self, address: str) -> Fact | None:
        framework_id, _, dimension_id = address.partition(":")
        framework = self.frameworks.get(framework_id)
        return framework.facts.get(dimension_id) if framework else None

    def is_stale(self, checked: dt.date) -> bool:
        return (self.today - checked).days > STALE_AFTER_DAYS

    def sorted_frameworks(self) -> list[Framework]:
        return sorted(self.frameworks.values(), key=lambda f: f.name.lower())

    def is_draft(self, framework: Framework) -> bool:
        """Still mostly the scaffold of `fwatlas new`: shown on its own page as a draft,
        left out of the tables, compare and the finder until researched."""
        from .placeholders import NOT_RESEARCHED
        placeholders = sum(f.note == NOT_RESEARCHED for f in framework.facts.values())
        return placeholders * 2 > max(len(framework.facts), 1)

    def ranked_frameworks(self) -> list[Framework]:
        """Table column order: active first, then maintenance, then retired; within
        each, the largest ecosystem recorded here first (the tools, plugins and routes
        in data/tools that list the framework), then by name. GitHub stars would be a
        better measure of use, but most frameworks have no dated, sourced count."""
        ecosystem: dict[str, int] = {}
        for tool in self.tools.values():
            for fw_id in tool.frameworks:
                ecosystem[fw_id] = ecosystem.get(fw_id, 0) + 1
        rank = {"active": 0, "maintenance": 1, "retired": 2}
        return sorted((f for f in self.frameworks.values() if not self.is_draft(f)),
                      key=lambda f: (rank.get(self.status_of(f), 3), -ecosystem.get(f.id, 0), f.name.lower()))

    def status_of(self, framework: Framework) -> str:
        fact = framework.facts.get("history.status")
        return str(fact.value) if fact else UNKNOWN

    def latest_release(self, framework: Framework):
        if not framework.releases:
            return None
        return max(framework.releases, key=lambda r: (r.date, version_key(r.version)))

    def months_since_release(self, entity: Framework | Tool) -> int | None:
        """Whole months since the newest release of a framework or tool (on the package index, or
        hand-written when that is later or there is no index data); None when none is known.
        The details (which release, from where) are in signals.py."""
        from .signals import months_since_release
        return months_since_release(self, entity)

    def quiet_months(self, entity: Framework | Tool) -> int | None:
        """Months without a release, when an active framework or tool has had none for a year or
        more (signals.QUIET_MONTHS); else None. A warning, not a verdict."""
        from .signals import quiet
        return quiet(self, entity)

    def newest_release(self, framework: Framework):
        """The framework's newest release (signals.NewestRelease: version, day and where it was read),
        the later of its last upload to the package index and its newest hand-written release;
        None when neither is known. Computed once per framework."""
        if framework.id not in self._newest:
            from .signals import newest_framework_release
            self._newest[framework.id] = newest_framework_release(self, framework)
        return self._newest[framework.id]

    def release_dependent(self, dimension_id: str) -> bool:
        """Whether a value of this row can change with a release (data/dimensions.yaml:
        `release_dependent` on the dimension, else on its topic)."""
        for topic in self.topics:
            for dim in topic.dimensions:
                if dim.id == dimension_id:
                    return topic.release_dependent if dim.release_dependent is None else dim.release_dependent
        return False

    def recheck_due(self, framework: Framework, dimension_id: str):
        """The release a fact was checked before, when its row can change with a release and the
        framework has released since its `as_of` day (the fact is then due for a re-check); else
        None. A signal for contributors, not a sign that the value is wrong."""
        fact = framework.facts.get(dimension_id)
        if fact is None or not self.release_dependent(dimension_id):
            return None
        newest = self.newest_release(framework)
        return newest if newest is not None and fact.as_of < newest.date else None

    def file_of(self, kind: str, entity_id: str) -> str:
        doc = self.docs.get((kind, entity_id))
        return doc.file if doc else ""

    def all_sources(self):
        """Every cited source with where it is cited, for counts and link checks."""
        for fw in self.frameworks.values():
            for dim, fact in fw.facts.items():
                for s in fact.sources:
                    yield s, f"{fw.id}:{dim}"
                for prev in fact.previously:
                    for s in prev.sources:
                        yield s, f"{fw.id}:{dim}"
            for rel in fw.releases:
                for s in rel.sources:
                    yield s, f"{fw.id}@{rel.version}"
        for tool in self.tools.values():
            for s in tool.sources:
                yield s, f"tool:{tool.id}"
        for claim in self.claims.values():
            for s in claim.sources:
                yield s, f"claim:{claim.id}"
