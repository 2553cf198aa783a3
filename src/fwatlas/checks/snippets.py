"""Rules for runnable snippets: the recorded "tested with" line cannot lie.

Cheap on purpose: reads a few YAML files and hashes the snippet files; imports no framework.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..kb import KnowledgeBase
from ..problems import Problem
from ..snippets.data import (REQUIREMENTS_FILE, RESULTS_FILE, SNIPPETS_DIR, load_pins, load_results,
                             load_tasks, normalize, sha256, snippets_dir, split_unit)
from .base import at, rule

RERUN = "rerun it with `make snippets` and commit data/snippets/results.yaml"


def _results_lines(root: Path) -> dict[str, dict[str, int]]:
    """unit -> {"": line of its key, "sha256": line, "versions": line, <dist>: line} in results.yaml."""
    path = snippets_dir(root) / RESULTS_FILE
    lines: dict[str, dict[str, int]] = {}
    if not path.is_file():
        return lines
    unit, in_versions = None, False
    for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if m := re.match(r"^  (['\"]?)(\S.*?)\1:\s*$", text):
            unit, in_versions = m.group(2), False
            lines[unit] = {"": n}
        elif unit and (m := re.match(r"^    ([a-z0-9_]+):", text)):
            lines[unit][m.group(1)] = n
            in_versions = m.group(1) == "versions"
        elif unit and in_versions and (m := re.match(r"^      (['\"]?)([A-Za-z0-9_.-]+)\1:", text)):
            lines[unit]["dist:" + m.group(2)] = n
    return lines


def _task_file_line(path: Path, file: str) -> int:
    for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if re.match(rf"^\s*-?\s*file:\s*['\"]?{re.escape(file)}['\"]?\s*$", text):
            return n
    return 0


@rule("snippet.stale-result")
def stale_results(kb: KnowledgeBase):
    """A snippet changed after its recorded run, or has no recorded run."""
    root = kb.root
    if not snippets_dir(root).is_dir():
        return
    results = load_results(root)
    where = _results_lines(root)
    results_rel = (SNIPPETS_DIR / RESULTS_FILE).as_posix()
    units: set[str] = set()
    for task in load_tasks(root):
        task_rel = task.path.relative_to(root).as_posix()
        for entry in task.entries:
            if not entry.file:
                continue
            path = snippets_dir(root) / entry.file
            if not path.is_file():
                yield Problem(task_rel, _task_file_line(task.path, entry.file), 0, "snippet.stale-result",
                              f"snippet file data/snippets/{entry.file} does not exist",
                              "fix the path or add the file")
                continue
            digest = sha256(path)
            for unit in entry.units():
                units.add(unit)
                result = results.get(unit)
                if result is None:
                    yield Problem(task_rel, _task_file_line(task.path, entry.file), 0, "snippet.stale-result",
                                  f"{unit} has no recorded run", RERUN)
                elif result.get("sha256") != digest:
                    line = where.get(unit, {}).get("sha256", where.get(unit, {}).get("", 0))
                    yield Problem(results_rel, line, 0, "snippet.stale-result",
                                  f"{unit} changed after its recorded run on {result.get('date')}", RERUN)
    for unit in sorted(set(results) - units):
        yield Problem(results_rel, where.get(unit, {}).get("", 0), 0, "snippet.stale-result",
                      f"result for {unit}, which no task lists", RERUN)
    for claim in kb.claims.values():
        for i, run in enumerate(getattr(claim, "runs", None) or []):
            if run not in results:
                yield at(kb, "claim", claim.id, ("runs", i), "snippet.stale-result",
                         f"claim cites run {run}, which has no recorded result",
                         "name a unit from data/snippets/results.yaml (file or file@backend)")


@rule("snippet.versions")
def result_versions(kb: KnowledgeBase):
    """A recorded run names versions other than the pins in data/snippets/requirements.txt."""
    root = kb.root
    if not snippets_dir(root).is_dir():
        return
    pins = load_pins(root)
    where = _results_lines(root)
    results_rel = (SNIPPETS_DIR / RESULTS_FILE).as_posix()
    pins_rel = (SNIPPETS_DIR / REQUIREMENTS_FILE).as_posix()
    for unit, result in sorted(load_results(root).items()):
        versions = result.get("versions") or {}
        lines = where.get(unit, {})
        if not versions:
            yield Problem(results_rel, lines.get("versions", lines.get("", 0)), 0, "snippet.versions",
                          f"{unit} records no framework versions", RERUN)
        for dist, version in sorted(versions.items()):
            pinned = pins.get(normalize(dist))
            if pinned == str(version):
                continue
            line = lines.get("dist:" + dist, lines.get("versions", 0))
            said = f"pinned {pinned}" if pinned else f"not pinned in {pins_rel}"
            yield Problem(results_rel, line, 0, "snippet.versions",
                          f"{unit} ran with {dist} {version}, {said}", RERUN)
