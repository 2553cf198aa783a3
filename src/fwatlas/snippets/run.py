"""Run every snippet in the heavy env and record the results in data/snippets/results.yaml.

    python -m fwatlas.snippets.run                 # build/reuse the env, run all, write results
    python -m fwatlas.snippets.run --only cnn/     # units whose key contains "cnn/"
    python -m fwatlas.snippets.run --no-write      # run, do not touch results.yaml

One subprocess per unit (a file, or a file on one Keras backend), two at a time.
Exit status 1 when any unit fails, with the tail of its stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

from . import env as snippet_env
from .data import DIST_MODULES, RESULTS_FILE, load_pins, load_results, load_tasks, sha256, snippets_dir, split_unit

ROOT = Path(__file__).resolve().parents[3]
VERSIONS_TAG = "FWATLAS-VERSIONS "
TIMEOUT = 600
SAME_OUTCOME = ("sha256", "status", "versions", "output", "error")

# Runs the snippet as __main__, then reports the versions of the pinned
# distributions whose modules it actually imported (even when it raised).
WRAPPER = """
import importlib.metadata as md, json, runpy, sys
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


def run_unit(python: Path, root: Path, unit: str, pins: dict[str, str], expect_error: str | None) -> dict:
    file, backend = split_unit(unit)
    path = snippets_dir(root) / file
    dists = {d: DIST_MODULES.get(d, d.replace("-", "_")) for d in pins}
    code = WRAPPER % (repr(dists), VERSIONS_TAG)
    env = {**os.environ, **QUIET_ENV}
    if backend:
        env["KERAS_BACKEND"] = backend
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="fwatlas-snippet-") as cwd:
        env["TORCHINDUCTOR_CACHE_DIR"] = str(snippet_env.env_dir() / "inductor-cache")
        try:
            proc = subprocess.run([str(python), "-c", code, str(path)], cwd=cwd, env=env,
                                  capture_output=True, text=True, timeout=TIMEOUT)
            rc, out, err = proc.returncode, proc.stdout, proc.stderr
        except subprocess.TimeoutExpired as exc:
            rc, out, err = -1, exc.stdout or "", (exc.stderr or "") + f"\ntimed out after {TIMEOUT}s"
            out = out.decode() if isinstance(out, bytes) else out
            err = err.decode() if isinstance(err, bytes) else err
    duration = round(time.monotonic() - started, 1)
    versions: dict[str, str] = {}
    output = None
    for line in out.splitlines():
        if line.startswith(VERSIONS_TAG):
            versions = json.loads(line[len(VERSIONS_TAG):])
        elif line.startswith("{"):
            try:
                output = json.loads(line)
            except json.JSONDecodeError:
                pass
    error_line = next((ln for ln in reversed(err.strip().splitlines()) if ln.strip()), "") if rc else ""
    if expect_error:
        status = "expected-error" if rc != 0 and expect_error in error_line else "failed"
    else:
        status = "passed" if rc == 0 and output is not None else "failed"
    result = {
        "file": (snippets_dir(root) / file).relative_to(root).as_posix(),
        "backend": backend,
        "sha256": sha256(path),
        "status": status,
        "date": dt.datetime.now(dt.timezone.utc).date().isoformat(),
        "duration_s": duration,
        "versions": versions,
        "output": output,
    }
    if rc:
        result["error"] = error_line
    if status == "failed":
        result["_stderr_tail"] = "\n".join(err.strip().splitlines()[-25:])
    return result


class _FlowListDumper(yaml.SafeDumper):
    """Lists (shapes, losses) on one line; mappings (versions, outputs) one key a line."""


_FlowListDumper.add_representer(
    list, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def write_results(root: Path, runs: dict[str, dict]) -> Path:
    path = snippets_dir(root) / RESULTS_FILE
    header = (
        "# Written by `python -m fwatlas.snippets.run` (make snippets); do not edit by hand.\n"
        "# One entry per run unit (file, or file@keras-backend): the sha256 of the file that ran,\n"
        "# the versions it imported, and what it printed. `fwatlas check` compares the hashes and\n"
        "# versions with the files and pins (rules snippet.stale-result, snippet.versions).\n"
    )
    clean = {k: {f: v for f, v in r.items() if not f.startswith("_")} for k, r in sorted(runs.items())}
    body = yaml.dump({"runs": clean}, Dumper=_FlowListDumper, sort_keys=False, allow_unicode=True, width=100)
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(header + body, encoding="utf-8")
    os.replace(tmp, path)  # readers (fwatlas check, tests) never see half a file
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m fwatlas.snippets.run", description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=ROOT)
    ap.add_argument("--only", action="append", default=[], help="run units whose key contains this text")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-write", action="store_true", help="do not update results.yaml")
    ap.add_argument("--stale", action="store_true", help="run only units whose file changed since the recorded run")
    args = ap.parse_args(argv)
    root = args.root.resolve()

    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    python = snippet_env.ensure(log=log)
    pins = load_pins(root)
    tasks = load_tasks(root)
    expect = {u: e.expect_error for t in tasks for e in t.entries for u in e.units()}
    units = list(expect)
    old = load_results(root)
    if args.only:
        units = [u for u in units if any(o in u for o in args.only)]
    if args.stale:
        units = [u for u in units
                 if old.get(u, {}).get("sha256") != sha256(snippets_dir(root) / split_unit(u)[0])]
    log(f"running {len(units)} snippet unit(s), {args.jobs} at a time")

    started = time.monotonic()
    results: dict[str, dict] = {}

    def one(unit: str) -> tuple[str, dict]:
        r = run_unit(python, root, unit, pins, expect[unit])
        log(f"  {r['status']:<15} {r['duration_s']:>6.1f}s  {unit}")
        return unit, r

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for unit, r in pool.map(one, units):
            results[unit] = r
    log(f"ran {len(units)} unit(s) in {time.monotonic() - started:.0f}s")

    if not args.no_write:
        merged = {u: r for u, r in old.items() if u in expect}  # drop results of removed units
        for unit, r in results.items():
            # an identical outcome keeps its recorded entry (and date): reruns leave no diff
            same = unit in merged and all(merged[unit].get(k) == r.get(k) for k in SAME_OUTCOME)
            if not same:
                merged[unit] = r
        log(f"wrote {write_results(root, merged).relative_to(root)}")

    failed = {u: r for u, r in results.items() if r["status"] == "failed"}
    for unit, r in failed.items():
        log(f"\n--- FAILED {unit} ---\n{r.get('_stderr_tail', '')}")
    if failed:
        log(f"\n{len(failed)} of {len(results)} snippet unit(s) failed")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
