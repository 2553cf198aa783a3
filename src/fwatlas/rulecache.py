"""Problems of the per-file rules, kept by the bytes of the file they looked at.

Some rules read one data file at a time (line breaks in one-line fields, the voice of
notes, placeholders, credentials in URLs): their problems for a file depend only on that
file's bytes (its key in load, which covers fwatlas's code too) and on a small context
the rule names. After a one-file edit they are computed again for that file only
(checks.base.file_rule). The entries live in memory for the life of the process (a
`mkdocs serve` rebuild) and in `.cache/fwatlas/rules.json`, read with the same shape
checks as every other cache entry: a foreign or broken file is a miss.
"""
from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

from . import buildcache
from .problems import Problem

KIND = "rules"
_memory: dict[str, tuple[Problem, ...]] = {}


class RuleResults:
    """`get`/`put` problems by entry key during one run; `finish` keeps only what it used."""

    def __init__(self, root: Path):
        self.root = root
        self.on = buildcache.enabled()
        self.used: set[str] = set()
        self.changed = False
        self.disk: dict | None = None
        self.key = f"{buildcache.code_digest()}\0{sys.version_info[:2]}"

    def _from_disk(self) -> dict:
        if self.disk is None:
            self.disk = buildcache.load(self.root, KIND, self.key) or {}
        return self.disk

    def get(self, entry: str) -> tuple[Problem, ...] | None:
        if not self.on:
            return None
        self.used.add(entry)
        hit = _memory.get(entry)
        if hit is None:
            found = self._from_disk().get(entry)
            if found is None:
                return None
            hit = _memory[entry] = tuple(Problem(**p) for p in found)
        return hit

    def put(self, entry: str, problems: list[Problem]) -> None:
        if not self.on:
            return
        self.used.add(entry)
        _memory[entry] = tuple(problems)
        self.changed = True

    def finish(self) -> None:
        """Drop what this run did not use (an edited file's old entries), then write."""
        if not self.on:
            return
        for entry in [e for e in _memory if e not in self.used]:
            del _memory[entry]
        if self.changed or set(self._from_disk()) != self.used:
            buildcache.store(self.root, KIND, self.key,
                             {e: [asdict(p) for p in _memory[e]] for e in sorted(self.used) if e in _memory})
