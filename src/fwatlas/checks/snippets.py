"""Rules for runnable snippets: the recorded "tested with" line cannot lie, and the snippet
files are well-formed data that name known frameworks and files in their own folder only.

Cheap on purpose: reads a few YAML files and hashes the snippet files; imports no framework.
A snippet YAML file that cannot be read is reported by snippet.data (file:line); the other
rules then check what could be read, and never raise.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from ..kb import KnowledgeBase
from ..model import ID_PATTERN
from ..problems import Problem
from ..snippets.data import (EQUIVALENTS_FILE, MAX_SNIPPET_BYTES, REQUIREMENTS_FILE, RESULTS_FILE, SNIPPETS_DIR,
                             SnippetEquivalents, SnippetResults, SnippetTask, load_pins, load_tasks, normalize,
                             pin_problems, read_doc, read_snippet, results_doc, runs_of, sha256, snippet_path,
                             snippets_dir, split_unit, task_files)
from ..validate import validate
from ..yamlfile import Document
from .base import at, rule

RERUN = "rerun it with `make snippets-record` and commit data/snippets/results.yaml"


def _results_lines(doc: Document | None) -> dict[str, dict[str, int]]:
    """unit -> {"": line of its key, "sha256": line, "versions": line, "dist:<dist>": line} in results.yaml."""
    lines: dict[str, dict[str, int]] = {}
    if doc is None:
        return lines
    for path, (line, _) in doc.keys.items():
        if len(path) >= 2 and path[0] == "runs" and isinstance(path[1], str):
            unit = path[1]
            if len(path) == 2:
                lines.setdefault(unit, {})[""] = line
            elif len(path) == 3:
                lines.setdefault(unit, {})[str(path[2])] = line
            elif len(path) == 4 and path[2] == "versions":
                lines.setdefault(unit, {})["dist:" + str(path[3])] = line
    return lines


def _entry_line(root: Path, task_path: Path, index: int, key: str) -> int:
    doc, _ = read_doc(root, task_path)
    return doc.where(("snippets", index, key))[0]


def _readable_results(root: Path) -> tuple[dict[str, dict], Document | None] | None:
    """(runs, document) of results.yaml; ({}, None) when there is none; None when it cannot be parsed."""
    found = results_doc(root)
    if found is None:
        return {}, None
    doc, problems = found
    if doc.data is None and problems:
        return None  # snippet.data reports why; comparing against nothing would only add noise
    return runs_of(doc.data), doc


@rule("snippet.data")
def snippet_files(kb: KnowledgeBase):
    """A snippet YAML file (a task, results.yaml, equivalents.yaml) cannot be read or breaks its format.

    Bad: `date: '[d](javascript:alert(1))'` in a recorded run (dates are ISO dates); a task entry that is a
    plain string; `status: pased`; a task whose `id` differs from its file name; `-r ../other.txt` or
    `--index-url ...` in data/snippets/requirements.txt (only `name==version` pins).
    """
    root = kb.root
    base = snippets_dir(root)
    if not base.is_dir():
        return
    files = [(p, SnippetTask) for p in task_files(root)]
    files += [(base / name, model) for name, model in ((RESULTS_FILE, SnippetResults),
                                                        (EQUIVALENTS_FILE, SnippetEquivalents))
              if (base / name).is_file()]
    task_ids = set()
    for path, model in files:
        doc, problems = read_doc(root, path)
        if model is SnippetTask and not re.fullmatch(ID_PATTERN, path.stem):
            yield Problem(doc.file, 0, 0, "snippet.data", f"the task file name {path.name!r} is not an id",
                          "name it <id>.yaml with lowercase letters, digits and hyphens")
        if problems:
            for p in problems:
                yield Problem(p.file, p.line, p.col, "snippet.data", f"{p.rule}: {p.message}", p.hint, p.severity)
            continue
        obj, problems = validate(doc, model)
        for p in problems:
            yield Problem(p.file, p.line, p.col, "snippet.data", f"{p.rule}: {p.message}", p.hint, p.severity)
        if isinstance(obj, SnippetTask):
            task_ids.add(obj.id)
            if obj.id != path.stem:
                yield doc.problem(("id",), "snippet.data", f"id {obj.id!r} differs from the file name {path.name!r}",
                                  f"set `id: {path.stem}` or rename the file")
        elif isinstance(obj, SnippetResults):
            for unit, run in obj.runs.items():
                file, backend = split_unit(unit)
                if run.file != (SNIPPETS_DIR / file).as_posix() or run.backend != backend:
                    yield doc.problem(("runs", unit, "file"), "snippet.data",
                                      f"{unit}: the run records file {run.file!r} on backend {run.backend!r}",
                                      f"a run of {unit} records data/snippets/{file} on backend {backend!r}")
    pins = base / REQUIREMENTS_FILE
    if pins.exists() or pins.is_symlink():
        for line, why in pin_problems(pins) if pins.resolve().is_relative_to(base.resolve()) else \
                [(0, "the file leads outside data/snippets/")]:
            yield Problem((SNIPPETS_DIR / REQUIREMENTS_FILE).as_posix(), line, 1 if line else 0, "snippet.data", why,
                          "each line is `name==version` (PEP 440) or a comment; pip options, paths and URLs "
                          "never reach the snippet environment")
    eq = base / EQUIVALENTS_FILE
    if eq.is_file():
        doc, problems = read_doc(root, eq)
        concepts = doc.data.get("concepts") if isinstance(doc.data, dict) and not problems else None
        for i, c in enumerate(concepts if isinstance(concepts, list) else []):
            task = c.get("task") if isinstance(c, dict) else None
            if isinstance(task, str) and task_ids and task not in task_ids:
                yield doc.problem(("concepts", i, "task"), "snippet.data", f"unknown task {task!r}",
                                  "name a task file of data/snippets/ (its id)")


@rule("snippet.path")
def snippet_paths(kb: KnowledgeBase):
    """A task's `file` names something other than a .py file in the task's own folder, data/snippets/<task>/.

    Bad: `file: ../../../secret.txt`, an absolute path, a symlink leading out of the folder, `file: hello/notes.txt`.
    Such a file is never hashed, shown on the page or run.
    """
    root = kb.root
    if not snippets_dir(root).is_dir():
        return
    for path in task_files(root):
        doc, problems = read_doc(root, path)
        entries = doc.data.get("snippets") if isinstance(doc.data, dict) else None
        for i, e in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(e, dict) or e.get("file") is None:
                continue
            found, why = snippet_path(root, path.stem, e["file"])
            if found is None:
                yield doc.problem(("snippets", i, "file"), "snippet.path", why,
                                  f"put the snippet in data/snippets/{path.stem}/ as a .py file and name it "
                                  f"`{path.stem}/<name>.py`")
            elif found.is_file() and found.stat().st_size > MAX_SNIPPET_BYTES:
                yield doc.problem(("snippets", i, "file"), "snippet.path",
                                  f"{e['file']} has {found.stat().st_size} bytes, more than {MAX_SNIPPET_BYTES}",
                                  "a snippet is a screen or two of code: shorten it")
            elif found.is_file() and read_snippet(found) is None:
                yield doc.problem(("snippets", i, "file"), "snippet.path", f"{e['file']} is not UTF-8 text",
                                  "save the file as UTF-8")


@rule("snippet.framework")
def snippet_frameworks(kb: KnowledgeBase):
    """A snippet task entry (or an API-equivalents row) names a framework that is not under data/frameworks/.

    Bad: `framework: pytorchh`; `framework: '[x](javascript:alert(1))'`.
    """
    root = kb.root
    if not snippets_dir(root).is_dir():
        return
    known = set(kb.frameworks) | {i for k, i in kb.broken if k == "framework"}

    def hint(name: str) -> str:
        close = difflib.get_close_matches(name, sorted(known), n=1)
        return f"did you mean {close[0]!r}?" if close else f"use a framework id: {', '.join(sorted(known))}"

    for path in task_files(root):
        doc, _ = read_doc(root, path)
        entries = doc.data.get("snippets") if isinstance(doc.data, dict) else None
        for i, e in enumerate(entries if isinstance(entries, list) else []):
            fw = e.get("framework") if isinstance(e, dict) else None
            if isinstance(fw, str) and fw not in known:
                yield doc.problem(("snippets", i, "framework"), "snippet.framework", f"unknown framework {fw!r}",
                                  hint(fw))
    eq = snippets_dir(root) / EQUIVALENTS_FILE
    if eq.is_file():
        doc, _ = read_doc(root, eq)
        concepts = doc.data.get("concepts") if isinstance(doc.data, dict) else None
        for i, c in enumerate(concepts if isinstance(concepts, list) else []):
            apis = c.get("apis") if isinstance(c, dict) else None
            for fw in apis if isinstance(apis, dict) else {}:
                if isinstance(fw, str) and fw not in known:
                    yield doc.problem(("concepts", i, "apis", fw), "snippet.framework",
                                      f"unknown framework {fw!r}", hint(fw), key=True)


@rule("snippet.stale-result")
def stale_results(kb: KnowledgeBase):
    """A snippet changed after its recorded run, or has no recorded run."""
    root = kb.root
    if not snippets_dir(root).is_dir():
        return
    readable = _readable_results(root)
    if readable is None:
        return
    results, doc = readable
    where = _results_lines(doc)
    results_rel = (SNIPPETS_DIR / RESULTS_FILE).as_posix()
    units: set[str] = set()
    for task in load_tasks(root):
        task_rel = task.path.relative_to(root).as_posix()
        for entry in task.entries:
            if not entry.file:
                continue
            units.update(entry.units())
            if entry.path is None:
                continue  # refused: snippet.path says why, and the file is never read
            line = _entry_line(root, task.path, entry.index, "file")
            if not entry.path.is_file():
                yield Problem(task_rel, line, 0, "snippet.stale-result",
                              f"snippet file data/snippets/{entry.file} does not exist",
                              "fix the path or add the file")
                continue
            digest = sha256(entry.path)
            for unit in entry.units():
                result = results.get(unit)
                if result is None:
                    yield Problem(task_rel, line, 0, "snippet.stale-result",
                                  f"{unit} has no recorded run", RERUN)
                elif result.get("sha256") != digest:
                    line_r = where.get(unit, {}).get("sha256", where.get(unit, {}).get("", 0))
                    yield Problem(results_rel, line_r, 0, "snippet.stale-result",
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
    readable = _readable_results(root)
    if readable is None:
        return
    results, doc = readable
    pins = load_pins(root)
    where = _results_lines(doc)
    results_rel = (SNIPPETS_DIR / RESULTS_FILE).as_posix()
    pins_rel = (SNIPPETS_DIR / REQUIREMENTS_FILE).as_posix()
    for unit, result in sorted(results.items()):
        versions = result.get("versions")
        lines = where.get(unit, {})
        if not versions or not isinstance(versions, dict):
            yield Problem(results_rel, lines.get("versions", lines.get("", 0)), 0, "snippet.versions",
                          f"{unit} records no framework versions", RERUN)
            continue
        for dist, version in sorted(versions.items(), key=lambda kv: str(kv[0])):
            pinned = pins.get(normalize(str(dist)))
            if pinned == str(version):
                continue
            line = lines.get("dist:" + str(dist), lines.get("versions", 0))
            said = f"pinned {pinned}" if pinned else f"not pinned in {pins_rel}"
            yield Problem(results_rel, line, 0, "snippet.versions",
                          f"{unit} ran with {dist} {version}, {said}", RERUN)

