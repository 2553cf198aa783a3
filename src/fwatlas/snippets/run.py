"""Run every snippet in the heavy env and compare the outcomes with data/snippets/results.yaml.

    python -m fwatlas.snippets.run                 # build/reuse the env, run all, compare (make snippets)
    python -m fwatlas.snippets.run --record        # ... and record the outcomes (make snippets-record)
    python -m fwatlas.snippets.run --only cnn/     # units whose key contains "cnn/"
    python -m fwatlas.snippets.run --python PATH   # run with this interpreter instead of the heavy env

A plain run never writes a tracked file: it compares each outcome with the recorded one and
writes the fresh run to .cache/fwatlas/snippets/last-run.yaml (ignored by git; the snippet
tier's tests read it). Recording is a separate step a person takes on purpose, after
changing a snippet or a pin, and commits.

Outcomes are compared on what a rerun must reproduce: the file's hash, the status, the
versions, the error and the output. In the output, byte sizes (keys ending in `bytes` or
`size`) may differ by up to 10 % and must be non-zero, timings (keys ending in `_s`, `_ms`,
`seconds`, `time`, ...) are not compared, and other floats must agree to a relative 1e-3.
Dates and durations of runs are never compared. An identical outcome keeps its recorded
entry when recording too, so a rerun leaves no diff.

One subprocess per unit (a file, or a file on one Keras backend), two at a time. A unit's
file is only run when it is a .py file in its task's folder (see data.snippet_path); what a
run prints is read up to a bound. Exit status 1 when any unit fails, is refused or differs
from its recorded outcome.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

import yaml

from . import env as snippet_env
from .data import (DIST_MODULES, REQUIREMENTS_FILE, RESULTS_FILE, SNIPPETS_DIR, load_pins, load_results, load_tasks, sha256, snippet_path,
                   snippets_dir, split_unit)

ROOT = Path(__file__).resolve().parents[3]
VERSIONS_TAG = "FWATLAS-VERSIONS "
TIMEOUT = 600
LAST_RUN = Path(".cache") / "fwatlas" / "snippets" / "last-run.yaml"  # under the project root; git ignores .cache/

# What a run may print and write: only the end of stdout is read (the output and versions
# lines come last), the end of stderr for the error, and one JSON output line is bounded.
MAX_STDOUT_BYTES = 256_000
MAX_STDERR_BYTES = 64_000
MAX_OUTPUT_CHARS = 10_000
MAX_ERROR_CHARS = 500
MAX_TAIL_LINE_CHARS = 300
MAX_LINE_SCAN_BYTES = 16 * 2**20  # how far back the start of the error line is looked for
MAX_FILE_BYTES = 512 * 2**20  # per file the snippet writes (RLIMIT_FSIZE), its stdout and stderr included

# How outcomes are compared (see the module docstring).
SIZE_KEY = re.compile(r"(^|_)(bytes|size)$")
TIME_KEY = re.compile(r"(^|_)(s|ms|us|ns|sec|secs|seconds|time|duration|elapsed)$")
SIZE_TOLERANCE = 0.10
FLOAT_REL_TOL = 1e-3
FLOAT_ABS_TOL = 1e-6

# Runs the snippet as __main__, then reports the versions of the pinned
# distributions whose modules it actually imported (even when it raised).
WRAPPER = """
import importlib.metadata as md, json, runpy, sys
try:
    import resource
    resource.setrlimit(resource.RLIMIT_FSIZE, (%d, %d))
except (ImportError, ValueError, OSError):
    pass
path = sys.argv[1]
sys.argv = [path]
try:
    runpy.run_path(path, run_name="__main__")
finally:
    dists = %s
    found = {}
    for dist, module in dists.items():
        if module in sys.modules:
            try:
                found[dist] = md.version(dist)
            except md.PackageNotFoundError:
                pass
    sys.stdout.flush()
    print(%r + json.dumps(found, sort_keys=True), flush=True)
"""

QUIET_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # TensorFlow C++ logging
    "TF_ENABLE_ONEDNN_OPTS": "0",  # bit-reproducible CPU kernels
    "JAX_PLATFORMS": "cpu",
    "CUDA_VISIBLE_DEVICES": "",
    "PYTHONHASHSEED": "0",
    "PYTHONUNBUFFERED": "1",
    "GRPC_VERBOSITY": "ERROR",
    "ABSL_MIN_LOG_LEVEL": "3",
}


def _tail(f: IO[bytes], limit: int) -> str:
    """The last `limit` bytes of a file (from a line start when cut), as text."""
    f.seek(0, os.SEEK_END)
    size = f.tell()
    f.seek(max(0, size - limit))
    text = f.read(limit).decode("utf-8", "replace")
    return text.split("\n", 1)[-1] if size > limit else text


def _last_line(f: IO[bytes], limit: int) -> str:
    """The last non-empty line of a file, from its start, at most `limit` characters. Read
    backwards in steps, so a 100 MB error message costs a few reads, never 100 MB of memory."""
    f.seek(0, os.SEEK_END)
    end = f.tell()
    while end > 0:  # past trailing blank space
        step = min(4096, end)
        f.seek(end - step)
        data = f.read(step).rstrip()
        if data:
            end = end - step + len(data)
            break
        end -= step
    start, scanned = end, 0
    while start > 0 and scanned < MAX_LINE_SCAN_BYTES:
        step = min(65536, start)
        f.seek(start - step)
        data = f.read(step)
        newline = data.rfind(b"\n")
        if newline >= 0:
            start = start - step + newline + 1
            break
        start, scanned = start - step, scanned + step
    else:
        if start > 0:  # no line start within reach: say it is cut
            f.seek(max(start, end - 4 * limit))
            return "…" + f.read(4 * limit).decode("utf-8", "replace").strip()[-(limit - 1):]
    f.seek(start)
    pieces = [p for p in f.read(min(end - start, 4 * limit)).decode("utf-8", "replace").splitlines() if p.strip()]
    return _clip(pieces[-1].rstrip(), limit) if pieces else ""


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def unit_path(root: Path, unit: str) -> tuple[Path | None, str]:
    """The file a unit runs (resolved and confined to its task's folder), or None and why not."""
    file, _ = split_unit(unit)
    return snippet_path(root, file.split("/", 1)[0], file)


def run_unit(python: Path, root: Path, unit: str, pins: dict[str, str], expect_error: str | None) -> dict:
    file, backend = split_unit(unit)
    path, refused = unit_path(root, unit)
    base = {"file": f"{SNIPPETS_DIR.as_posix()}/{file}", "backend": backend}
    if path is None or not path.is_file():
        # never run (nor hash) a file outside the task's folder, or one that is missing
        return {**base, "sha256": "", "status": "failed", "date": dt.datetime.now(dt.timezone.utc).date().isoformat(),
                "duration_s": 0.0, "versions": {}, "output": None,
                "error": _clip(refused or f"data/snippets/{file} does not exist", MAX_ERROR_CHARS)}
    digest = sha256(path)
    dists = {d: DIST_MODULES.get(d, d.replace("-", "_")) for d in pins}
    code = WRAPPER % (MAX_FILE_BYTES, MAX_FILE_BYTES, repr(dists), VERSIONS_TAG)
    env = {**os.environ, **QUIET_ENV}
    if backend:
        env["KERAS_BACKEND"] = backend
    env["TORCHINDUCTOR_CACHE_DIR"] = str(Path(python).parent.parent / "inductor-cache")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="fwatlas-snippet-") as cwd, \
            tempfile.TemporaryFile() as out_f, tempfile.TemporaryFile() as err_f:
        timed_out = False
        try:
            proc = subprocess.run([str(python), "-c", code, str(path)], cwd=cwd, env=env,
                                  stdin=subprocess.DEVNULL, stdout=out_f, stderr=err_f, timeout=TIMEOUT)
            rc = proc.returncode
        except subprocess.TimeoutExpired:
            rc, timed_out = -1, True
        out = _tail(out_f, MAX_STDOUT_BYTES)
        err = _tail(err_f, MAX_STDERR_BYTES)
        error_line = _last_line(err_f, MAX_ERROR_CHARS) if rc else ""
    if timed_out:
        err += f"\ntimed out after {TIMEOUT}s"
        error_line = f"timed out after {TIMEOUT}s"
    duration = round(time.monotonic() - started, 1)
    versions: dict[str, str] = {}
    output = None
    too_long = 0
    for line in out.splitlines():
        if line.startswith(VERSIONS_TAG) and len(line) <= MAX_OUTPUT_CHARS:
            try:
                found = json.loads(line[len(VERSIONS_TAG):])
            except json.JSONDecodeError:
                continue
            if isinstance(found, dict):
                versions = {str(k): str(v) for k, v in found.items()}
        elif line.startswith("{"):
            if len(line) > MAX_OUTPUT_CHARS:
                too_long = len(line)
                continue
            try:
                output = json.loads(line)
            except json.JSONDecodeError:
                pass
    if output is None and not rc:
        error_line = (f"the output line has {too_long} characters, more than {MAX_OUTPUT_CHARS}" if too_long else
                      f"no output line: print one JSON object on a line of at most {MAX_OUTPUT_CHARS} characters, "
                      "at the end of the run")
    if expect_error:
        status = "expected-error" if rc != 0 and expect_error in error_line else "failed"
    else:
        status = "passed" if rc == 0 and output is not None else "failed"
    result = {
        **base,
        "sha256": digest,
        "status": status,
        "date": dt.datetime.now(dt.timezone.utc).date().isoformat(),
        "duration_s": duration,
        "versions": versions,
        "output": output,
    }
    if rc or status == "failed":
        result["error"] = _clip(error_line, MAX_ERROR_CHARS)
    if status == "failed":
        result["_stderr_tail"] = "\n".join(_clip(ln, MAX_TAIL_LINE_CHARS) for ln in err.strip().splitlines()[-25:])
    return result


# --- comparing a run with the recorded one ----------------------------------------------------

def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _output_differences(old: object, new: object, where: str, key: str = "") -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        diffs = []
        for k in sorted(set(old) | set(new), key=str):
            if k not in old or k not in new:
                diffs.append(f"{where}.{k}: {'not recorded' if k not in old else 'no longer printed'}")
            else:
                diffs += _output_differences(old[k], new[k], f"{where}.{k}", str(k))
        return diffs
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return [f"{where}: {len(old)} items recorded, {len(new)} now"]
        return [d for i, (a, b) in enumerate(zip(old, new)) for d in _output_differences(a, b, f"{where}[{i}]", key)]
    if _number(old) and _number(new):
        if TIME_KEY.search(key):
            same = old >= 0 and new >= 0  # a timing: it varies from run to run
        elif SIZE_KEY.search(key):
            same = old > 0 and new > 0 and abs(new - old) <= SIZE_TOLERANCE * max(old, new)
        elif isinstance(old, int) and isinstance(new, int):
            same = old == new
        else:
            same = math.isclose(old, new, rel_tol=FLOAT_REL_TOL, abs_tol=FLOAT_ABS_TOL)
        return [] if same else [f"{where}: recorded {old!r}, now {new!r}"]
    if old == new and type(old) is type(new):
        return []
    return [f"{where}: recorded {_clip(repr(old), 80)}, now {_clip(repr(new), 80)}"]


def differences(recorded: dict | None, fresh: dict) -> list[str]:
    """How a fresh run differs from the recorded one, in what a rerun must reproduce ([] when it does)."""
    if recorded is None:
        return ["no recorded run"]
    diffs = []
    for key in ("file", "backend", "sha256", "status", "error"):
        if recorded.get(key) != fresh.get(key):
            diffs.append(f"{key}: recorded {_clip(repr(recorded.get(key)), 80)}, now {_clip(repr(fresh.get(key)), 80)}")
    versions = [{str(k): str(v) for k, v in (r.get("versions") or {}).items()} for r in (recorded, fresh)]
    if versions[0] != versions[1]:
        diffs.append(f"versions: recorded {versions[0]}, now {versions[1]}")
    return diffs + _output_differences(recorded.get("output"), fresh.get("output"), "output")


# --- writing ---------------------------------------------------------------------------------

class _FlowListDumper(yaml.SafeDumper):
    """Lists (shapes, losses) on one line; mappings (versions, outputs) one key a line."""


_FlowListDumper.add_representer(
    list, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))

HEADER = (
    "# Written by `python -m fwatlas.snippets.run --record` (make snippets-record); do not edit by hand.\n"
    "# One entry per run unit (file, or file@keras-backend): the sha256 of the file that ran,\n"
    "# the versions it imported, and what it printed. `fwatlas check` compares the hashes and\n"
    "# versions with the files and pins (rules snippet.stale-result, snippet.versions); `make snippets`\n"
    "# reruns every unit and compares its outcome with this file, without writing it.\n"
)


def write_runs(path: Path, runs: dict[str, dict], header: str = HEADER) -> Path:
    clean = {k: {f: v for f, v in r.items() if not f.startswith("_")} for k, r in sorted(runs.items())}
    body = yaml.dump({"runs": clean}, Dumper=_FlowListDumper, sort_keys=False, allow_unicode=True, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(header + body, encoding="utf-8")
    os.replace(tmp, path)  # readers (fwatlas check, tests) never see half a file
    return path


def write_results(root: Path, runs: dict[str, dict]) -> Path:
    """Record runs in data/snippets/results.yaml (only `--record` calls this)."""
    return write_runs(snippets_dir(root) / RESULTS_FILE, runs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m fwatlas.snippets.run", description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=ROOT)
    ap.add_argument("--only", action="append", default=[], help="run units whose key contains this text")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--record", action="store_true",
                    help="record changed outcomes in data/snippets/results.yaml (make snippets-record)")
    ap.add_argument("--no-write", action="store_true", help=argparse.SUPPRESS)  # the default now; kept for old scripts
    ap.add_argument("--out", type=Path, help=f"where the fresh run is written (default: <root>/{LAST_RUN.as_posix()})")
    ap.add_argument("--python", type=Path, help="run the snippets with this interpreter instead of the heavy env")
    ap.add_argument("--stale", action="store_true", help="run only units whose file changed since the recorded run")
    args = ap.parse_args(argv)
    root = args.root.resolve()

    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    pins = load_pins(root)
    tasks = load_tasks(root)
    entries = {u: e for t in tasks for e in t.entries for u in e.units()}
    old = load_results(root)
    units = list(entries)
    if args.only:
        units = [u for u in units if any(o in u for o in args.only)]
    refused = {u: entries[u].refused for u in units if entries[u].path is None}
    units = [u for u in units if u not in refused]
    if args.stale:
        units = [u for u in units if not entries[u].path.is_file()
                 or old.get(u, {}).get("sha256") != sha256(entries[u].path)]
    for unit, why in refused.items():
        log(f"  refused         {unit}: {why} (rule snippet.path)")
    python = (Path(os.path.abspath(args.python)) if args.python
              else snippet_env.ensure(snippets_dir(root) / REQUIREMENTS_FILE, log=log))
    log(f"running {len(units)} snippet unit(s), {args.jobs} at a time")

    started = time.monotonic()
    results: dict[str, dict] = {}

    def one(unit: str) -> tuple[str, dict]:
        r = run_unit(python, root, unit, pins, entries[unit].expect_error)
        log(f"  {r['status']:<15} {r['duration_s']:>6.1f}s  {unit}")
        return unit, r

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for unit, r in pool.map(one, units):
            results[unit] = r
    log(f"ran {len(units)} unit(s) in {time.monotonic() - started:.0f}s")

    out = args.out or root / LAST_RUN
    write_runs(out, results, header=f"# The last run of `python -m fwatlas.snippets.run`, not recorded: see {RESULTS_FILE}.\n")
    log(f"this run: {out}")

    failed = {u: r for u, r in results.items() if r["status"] == "failed"}
    differ: dict[str, list[str]] = {}
    if args.record:
        merged = {u: r for u, r in old.items() if u in entries}  # drop results of removed units
        for unit, r in results.items():
            # an outcome a rerun reproduces keeps its recorded entry (and date): reruns leave no diff
            if differences(merged.get(unit), r):
                merged[unit] = r
        if merged != old:
            log(f"recorded {write_results(root, merged).relative_to(root)}")
        else:
            log(f"{(snippets_dir(root) / RESULTS_FILE).relative_to(root)}: unchanged")
    else:
        differ = {u: d for u, r in results.items() if u not in failed and (d := differences(old.get(u), r))}
        for unit, diffs in differ.items():
            log(f"\n--- DIFFERS FROM THE RECORDED RUN {unit} ---\n  " + "\n  ".join(diffs))
        if differ:
            log(f"\n{len(differ)} unit(s) differ from data/snippets/{RESULTS_FILE}: if the change is intended, "
                "record it with `make snippets-record` and commit the file")

    for unit, r in failed.items():
        log(f"\n--- FAILED {unit} ---\n{r.get('_stderr_tail', '') or r.get('error', '')}")
    if failed or refused:
        log(f"\n{len(failed) + len(refused)} of {len(results) + len(refused)} snippet unit(s) failed or were refused")
    return 1 if failed or refused or differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
