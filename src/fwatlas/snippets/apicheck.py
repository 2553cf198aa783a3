"""Check every dated API (data/apis/<framework>.yaml) by running it in the pinned environment.

    python -m fwatlas.snippets.apicheck            # check and compare with the recorded results
    python -m fwatlas.snippets.apicheck --record   # ... and record them (make snippets-record)
    python -m fwatlas.snippets.apicheck --python PATH

For each API of a framework whose package is pinned in data/snippets/requirements.txt, the
pinned version decides what must hold:
- `since` <= pinned and no `until` (or `until` >= pinned): the name imports and resolves;
- `until` < pinned, or `since` > pinned: the name is gone;
- deprecated at the pinned version with a `warning`: resolving it (or calling it without
  arguments, which may fail after warning) emits that warning.

The check runs in a child process of the environment's Python (one per Keras backend), which
imports each module and walks the attributes; nothing from the data is evaluated as code.
Results go to data/snippets/api-results.yaml only when recording; a plain run compares and
writes .cache/fwatlas/snippets/api-last-run.yaml, so a test run leaves the tree clean. Exit 1
when an API does not behave as its dates say, or differs from its recorded result.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

# what the rules and pages read lives in apiresults (they must not import this runner)
from .apiresults import (PACKAGES, RESULTS, entry_hash, expectation, load_recorded,  # noqa: F401
                         pinned_package)

LAST_RUN = Path(".cache") / "fwatlas" / "snippets" / "api-last-run.yaml"
TIMEOUT = 300
MAX_OUTPUT = 2_000_000
HEADER = ("# Written by `python -m fwatlas.snippets.apicheck --record` (make snippets-record); do not edit.\n"
          "# One entry per dated API of a framework in the pinned environment: what its dates say must\n"
          "# hold at the pinned version, what the run saw, and a hash of the entry it checked\n"
          "# (rule api.stale-result compares it with data/apis/).\n")

# The child: gets [[name, warning], ...] as JSON on stdin, prints one JSON line per name.
CHILD = r'''
import importlib, json, sys, warnings
def walk(parts):
    # the top-level package, then attribute by attribute, importing a submodule where an
    # attribute is missing: how a reader writes tensorflow.distribute.MirroredStrategy
    obj = importlib.import_module(parts[0])
    for i, attr in enumerate(parts[1:], start=1):
        try:
            obj = getattr(obj, attr)
        except AttributeError:
            obj = importlib.import_module(".".join(parts[:i + 1]))
    return obj
def resolve(name):
    parts = name.split(".")
    try:
        return walk(parts)
    except Exception:
        pass
    for cut in range(len(parts), 0, -1):  # else: the longest importable module, then its attributes
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except Exception:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(name)
names = json.load(sys.stdin)
# import each top-level package first, outside the warning capture: its import-time warnings
# must not count as the deprecation warning of one of its APIs
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for top in sorted({n.split(".")[0] for n, _ in names}):
        try:
            importlib.import_module(top)
        except Exception:
            pass
for name, warning in names:
    seen, present, error = [], False, ""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            obj = resolve(name)
            present = True
            if warning and not caught and callable(obj) and not isinstance(obj, type):
                try:
                    obj()
                except BaseException:  # argparse's SystemExit too: the call is only there to warn
                    pass
        except Exception as exc:
            error = type(exc).__name__
        seen = sorted({type(w.message).__name__ for w in caught} | {c.category.__name__ for c in caught})
    print(json.dumps({"name": name, "present": present, "warnings": seen, "error": error}), flush=True)
'''


def plan(kb, pins: dict[str, str]) -> list[dict]:
    """Every API of a pinned framework, with what must hold."""
    items = []
    for fw_id, apis in sorted(kb.apis.items()):
        package = pinned_package(kb, fw_id, pins)
        if package is None:
            continue
        for api in apis.apis:
            must, warning = expectation(api, pins[package])
            items.append({"key": f"{fw_id}:{api.name}" + (f"@{api.backend}" if api.backend else ""),
                          "framework": fw_id, "name": api.name, "backend": api.backend, "package": package,
                          "pinned": pins[package], "expect": must, "warning": warning, "hash": entry_hash(api)})
    return items


def run_child(python: Path, names: list[list], backend: str | None) -> dict[str, dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = os.environ.get("FWATLAS_APICHECK_PATH", "")  # only tests set it (a fake package)
    if backend:
        env["KERAS_BACKEND"] = backend
    env.setdefault("CUDA_VISIBLE_DEVICES", "")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    proc = subprocess.run([str(python), "-c", CHILD], input=json.dumps(names), capture_output=True, text=True,
                          timeout=TIMEOUT, env=env)
    seen = {}
    for line in proc.stdout[-MAX_OUTPUT:].splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict) and isinstance(row.get("name"), str):
            seen[row["name"]] = row
    return seen


def check(items: list[dict], python: Path, today: dt.date) -> dict[str, dict]:
    """Run the child per backend and judge each item; returns results keyed like `plan`."""
    results = {}
    # one child per framework and Keras backend: torch and TensorFlow, JAX or MLX in one process
    # abort on a clash of their bundled LLVMs ("Option ... registered more than once")
    for framework, backend in sorted({(i["framework"], i["backend"] or "") for i in items}):
        group = [i for i in items if i["framework"] == framework and (i["backend"] or "") == backend]
        seen = run_child(python, [[i["name"], i["warning"]] for i in group], backend or None)
        for i in group:
            row = seen.get(i["name"], {"present": False, "warnings": [], "error": "no answer"})
            observed = "present" if row["present"] else "absent"
            ok = observed == i["expect"] and (not i["warning"] or i["warning"] in row["warnings"])
            results[i["key"]] = {"framework": i["framework"], "name": i["name"], "package": i["package"],
                                 "pinned": i["pinned"], "expect": i["expect"], "warning": i["warning"],
                                 "observed": observed, "warned": row["warnings"], "ok": ok,
                                 "hash": i["hash"], "date": today.isoformat()}
    return results


def differences(recorded: dict, fresh: dict) -> list[str]:
    """What a rerun must reproduce (the date is not compared)."""
    out = []
    for key, new in sorted(fresh.items()):
        old = recorded.get(key)
        if old is None:
            out.append(f"{key}: not recorded")
            continue
        for field in ("pinned", "expect", "observed", "ok", "hash", "warning"):
            if old.get(field) != new.get(field):
                out.append(f"{key}: {field} {old.get(field)!r} -> {new.get(field)!r}")
    return out


def write(path: Path, results: dict, header: str = HEADER) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(header + yaml.safe_dump({"results": dict(sorted(results.items()))}, sort_keys=True,
                                           allow_unicode=True), encoding="utf-8")
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    from ..pipeline import check_project
    from . import env as snippet_env

    ap = argparse.ArgumentParser(prog="python -m fwatlas.snippets.apicheck")
    ap.add_argument("--record", action="store_true")
    ap.add_argument("--python", type=Path)
    ap.add_argument("--root", type=Path, default=Path("."))
    args = ap.parse_args(argv)
    root = args.root
    kb, _ = check_project(root)
    pins = snippet_env.pins(root / "data" / "snippets" / "requirements.txt")
    python = args.python or snippet_env.ensure(root / "data" / "snippets" / "requirements.txt")
    items = plan(kb, pins)
    fresh = check(items, python, dt.date.today())
    bad = [r for r in fresh.values() if not r["ok"]]
    for r in bad:
        print(f"api check: {r['framework']} {r['name']}: dates say {r['expect']}"
              f"{' with ' + r['warning'] if r['warning'] else ''} at {r['package']} {r['pinned']}, "
              f"saw {r['observed']}{' warning ' + ','.join(r['warned']) if r['warned'] else ''}")
    recorded = load_recorded(root)
    if args.record:
        # an unchanged outcome keeps its recorded day, so a rerun leaves no diff
        merged = {k: (recorded[k] if k in recorded and not differences({k: recorded[k]}, {k: v}) else v)
                  for k, v in fresh.items()}
        write(root / RESULTS, merged)
        print(f"api check: {len(fresh)} APIs checked, {len(bad)} not as dated; recorded in {RESULTS}")
        return 1 if bad else 0
    write(root / LAST_RUN, fresh, header="# the last api check (not tracked)\n")
    diff = differences(recorded, fresh)
    for line in diff:
        print(f"api check: differs from the recorded result: {line}")
    print(f"api check: {len(fresh)} APIs checked, {len(bad)} not as dated, {len(diff)} differ from the record")
    return 1 if bad or diff else 0


if __name__ == "__main__":
    sys.exit(main())
