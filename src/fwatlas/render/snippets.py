"""The "Code side by side" page: every task in content tabs, with its last recorded run.

Reads data/snippets/ only (no framework imports). The code goes into fenced blocks
unescaped (a fence longer than any backtick run in the file keeps it inert); every text
from YAML goes through `md_text` (the template's `md` filter, or here for the few values
the template prints as they are: tab labels, dates), ids become anchors only when they
are ids, and a snippet file is read only through `snippet_path` (its task's own folder,
a .py name, a bounded size), so a task cannot publish another file of the machine.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from markupsafe import Markup

from ..model import ID_PATTERN
from ..snippets.data import (FRAMEWORK_LABELS, Entry, Task, load_equivalents, load_pins, load_results,
                             load_tasks, read_snippet, sha256, snippets_dir)
from ..pagedata import GeneratedPage
from .jinja_env import environment
from .safe import md_text

PAGE = "snippets.md"
TITLE = "Code side by side"
FRAMEWORK_ORDER = ["pytorch", "keras", "jax", "tensorflow", "mlx"]
BACKEND_DIST = {"tensorflow": "tensorflow-cpu", "jax": "jax", "torch": "torch"}
# The distributions the tab's "tested with" line names (results.yaml records every pinned one the
# run imported: importing TensorFlow also imports Keras and, when installed, JAX).
SHOWN_DISTS = {"pytorch": {"torch"}, "tensorflow": {"tensorflow-cpu", "tensorflow"}, "keras": {"keras"},
               "jax": {"jax", "flax", "optax"}, "mlx": {"mlx"}}


def _fence(code: str, indent: str = "    ") -> Markup:
    """A fenced Python block, indented to sit inside a content tab (or not)."""
    ticks = max([len(m) for m in re.findall(r"`+", code)] + [2]) + 1
    fence = "`" * ticks
    body = "\n".join((indent + line) if line.strip() else "" for line in code.rstrip("\n").splitlines())
    return Markup(f"{indent}{fence}python\n{body}\n{indent}{fence}")


def run_anchor(unit: str) -> str:
    """The page anchor of one recorded run (claims link to it)."""
    return "run-" + re.sub(r"[^a-z0-9]+", "-", unit.lower()).strip("-")


def task_anchor(task_id: str) -> str:
    """A task's anchor: its id when it is one (rule snippet.data), else a slug that cannot leave `{#...}`."""
    if re.fullmatch(ID_PATTERN, task_id):
        return task_id
    return "task-" + (re.sub(r"[^a-z0-9]+", "-", task_id.lower()).strip("-") or "x")


def _code(entry: Entry) -> Markup | None:
    """The snippet's code as a fenced block; None when its file is refused, missing or too large."""
    code = read_snippet(entry.path)
    return None if code is None else _fence(code)


def _unavailable(entry: Entry) -> str:
    return entry.refused or f"data/snippets/{entry.file} is missing or too large to show"


def _shown_result(result: dict | None) -> dict:
    """A recorded run as the template reads it: the date, printed as is there, escaped here."""
    if not result:
        return {}
    return {**result, "date": md_text(result["date"]) if result.get("date") else ""}


def _json(value: object) -> object:
    """What a run printed, as JSON values only (tojson fails on anything else)."""
    return json.loads(json.dumps(value, default=str))


def _versions_text(versions: dict[str, str]) -> str:
    return ", ".join(f"{d} {v}" for d, v in sorted(versions.items()))


def _status(root: Path, entry: Entry, results: dict[str, dict]) -> dict:
    """What the tab says about the entry's runs: tested-with line, per-backend detail, problems."""
    digest = sha256(entry.path) if entry.path is not None and entry.path.is_file() else None
    runs, dates = [], []
    for unit in entry.units():
        r = results.get(unit)
        if r and r.get("date"):
            dates.append(str(r["date"]))
        if r is None:
            state = "not run"
        elif digest is None or r.get("sha256") != digest:
            state = "changed since its last run"
        else:
            state = str(r.get("status", "failed"))
        runs.append({"unit": unit, "backend": unit.partition("@")[2], "state": state,
                     "result": _shown_result(r)})
    ok = runs and all(r["state"] in ("passed", "expected-error") for r in runs)
    shown = SHOWN_DISTS.get(entry.framework, set()) | {BACKEND_DIST[b] for b in entry.backends if b in BACKEND_DIST}
    versions: dict[str, str] = {}
    for r in runs:
        recorded = r["result"].get("versions")
        versions.update({d: v for d, v in (recorded if isinstance(recorded, dict) else {}).items()
                         if not shown or d in shown})
    return {"ok": ok, "runs": runs, "versions": _versions_text(versions),
            "date": md_text(max(dates)) if dates else "", "backends": [r["backend"] for r in runs if r["backend"]]}


def _task_view(root: Path, task: Task, results: dict[str, dict]) -> dict:
    tabs = []
    by_fw = {e.framework: e for e in task.entries}
    order = [f for f in FRAMEWORK_ORDER if f in by_fw] + [f for f in by_fw if f not in FRAMEWORK_ORDER]
    for fw in order:
        e = by_fw[fw]
        # the label is printed as is inside `=== "..."`: escaped here
        tab = {"label": md_text(FRAMEWORK_LABELS.get(fw, fw)), "framework": fw, "none": e.none, "note": e.note,
               "asserts": e.asserts, "file": e.file}
        code = _code(e) if e.file else None
        if code is not None:
            tab["code"] = code
            tab["status"] = _status(root, e, results)
        elif e.file or not e.none:
            tab["none"] = f"the snippet is not shown ({_unavailable(e)})"
        tabs.append(tab)
    return {"id": task_anchor(task.id), "title": task.title, "question": task.question, "tabs": tabs}


def _evidence_view(root: Path, task: Task, results: dict[str, dict]) -> list[dict]:
    out = []
    for e in task.entries:
        code = read_snippet(e.path) if e.file else None
        if code is None:
            continue
        st = _status(root, e, results)
        for run in st["runs"]:
            r = run["result"]
            versions = r.get("versions")
            out.append({"unit": run["unit"], "anchor": run_anchor(run["unit"]), "file": e.file,
                        "label": FRAMEWORK_LABELS.get(e.framework, e.framework), "state": run["state"],
                        "date": r.get("date", ""), "versions": _versions_text(versions if isinstance(versions, dict) else {}),
                        "error": r.get("error"), "output": _json(r.get("output")), "asserts": e.asserts,
                        "code": _fence(code, indent="")})
    return out


def snippets_page(root: Path, versions: dict | None = None) -> str:
    """Markdown for the "Code side by side" page (needs pymdownx.tabbed and superfences).
    `versions`: dotted API name -> its dated entry (render/apis.versions_of), shown beside it."""
    versions = versions or {}
    tasks = load_tasks(root)
    results = load_results(root)
    ids = {t.id for t in tasks if not t.evidence}
    concepts = []
    for c in load_equivalents(root):
        task = c.get("task")
        apis = c.get("apis") if isinstance(c.get("apis"), dict) else {}
        concepts.append({"concept": c.get("concept", ""), "task": task_anchor(task) if task in ids else None,
                         "title": next((t.title for t in tasks if t.id == task), ""),
                         "apis": [apis.get(fw) for fw in FRAMEWORK_ORDER],
                         # the release that shipped each API, where it is dated (its name up to a "(")
                         "since": [_since(versions, apis.get(fw)) for fw in FRAMEWORK_ORDER]})
    pins = load_pins(root)
    return environment().get_template("snippets.md.j2").render(
        title=TITLE,
        pins=_versions_text(pins),
        labels=[FRAMEWORK_LABELS[f] for f in FRAMEWORK_ORDER],
        concepts=concepts,
        tasks=[_task_view(root, t, results) for t in tasks if not t.evidence],
        evidence=[({"id": task_anchor(t.id), "title": t.title, "question": t.question},
                   _evidence_view(root, t, results)) for t in tasks if t.evidence],
    )


def _since(versions: dict, api) -> str:
    if not isinstance(api, str):
        return ""
    entry = versions.get(api.split("(")[0].strip())
    if not entry:
        return ""
    return f"{entry['since']}\u2013{entry['until']}" if entry["until"] else f"since {entry['since']}"


def snippets_generated_page(root: Path, versions: dict | None = None) -> GeneratedPage | None:
    """The page as render_site's other pages are; None when the project has no snippets."""
    if not snippets_dir(root).is_dir():
        return None
    return GeneratedPage(PAGE, TITLE, "The same deep-learning tasks in PyTorch, Keras 3, JAX, TensorFlow and MLX, "
                         "each run on CPU with pinned versions, with an API-equivalents table.",
                         "data/snippets", snippets_page(root, versions), wide=True)
