#!/usr/bin/env python3
"""Speed and size numbers for the closing notes and the README (not a test: they vary by
machine; the ratios, measured in one run, are what to compare).

Usage: .venv/bin/python scripts/benchmark.py [--rounds N] [--skip-scaling] [--skip-weights]

Every command is timed as a user types it (a new process, start-up included), with
/usr/bin/time for wall time and peak memory. It reports:

1. `fwatlas check` on the real data: without the result cache, and repeated (cached).
2. The full build (`mkdocs build --strict` with the plugin) against plain MkDocs building
   the same Markdown (`fwatlas generate`), interleaved round by round: with no cache at
   all, after a data edit, and with nothing changed.
3. Growth at 1x, 4x and 16x the frameworks (copies of PyTorch): check and build time and
   peak memory, each as a ratio to 1x (linear growth: about 4 and 16).
4. Page weight of a first visit (all requests, gzipped) to home, compare and a framework
   page, in Chromium, search index included if it loads.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
NO_CACHE = {**ENV, "FWATLAS_NO_CACHE": "1"}


def timed(cmd: list[str], env: dict, cwd: Path = ROOT) -> tuple[float, int]:
    """(wall seconds, peak RSS in MB) of one command, as typed."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M", *cmd], cwd=cwd, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stderr[-2000:]}")
    wall, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss) // 1024


def median_of(cmd, env, rounds, cwd=ROOT) -> tuple[float, int]:
    runs = [timed(cmd, env, cwd) for _ in range(rounds)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def check_numbers(rounds: int) -> None:
    cmd = [str(BIN / "fwatlas"), "check"]
    cold, _ = median_of(cmd, NO_CACHE, rounds)
    timed(cmd, ENV)  # fill the cache
    warm, _ = median_of(cmd, ENV, rounds)
    imports, _ = median_of([str(BIN / "python"), "-c", "import fwatlas.cli"], ENV, rounds)
    print(f"check as typed (median of {rounds}): {cold:.2f} s without the cache, {warm:.2f} s cached; "
          f"`import fwatlas.cli` {imports:.2f} s")


def build_ratio(rounds: int) -> None:
    """In a clone of the repository (its git history feeds the Atom feeds), interleaved:
    plain MkDocs on the generated Markdown; the full build with no cache at all; after a
    data edit (one fact file changed, as when a contributor works); and with nothing changed."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = tmp / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(project)], check=True)
        subprocess.run([str(BIN / "fwatlas"), "generate", str(tmp / "gen"), "--root", str(project)], env=ENV,
                       check=True, capture_output=True)
        full = [str(BIN / "mkdocs"), "build", "--strict", "-q", "-d", str(tmp / "a")]
        plain = [str(BIN / "mkdocs"), "build", "--strict", "-q", "-f", str(tmp / "gen/mkdocs.yml"), "-d", str(tmp / "b")]
        fact_file = project / "data/frameworks/pytorch.yaml"
        timed(full, ENV, project)  # fill the caches
        results: dict[str, list[float]] = {"plain": [], "no cache": [], "after a data edit": [], "unchanged": []}
        for i in range(rounds):  # interleaved: the machine's load hits all alike
            results["plain"].append(timed(plain, ENV, project)[0])
            results["no cache"].append(timed(full, NO_CACHE, project)[0])
            with fact_file.open("a", encoding="utf-8") as f:
                f.write(f"# benchmark edit {i}\n")
            results["after a data edit"].append(timed(full, ENV, project)[0])
            results["unchanged"].append(timed(full, ENV, project)[0])
        med = {k: statistics.median(v) for k, v in results.items()}
        print(f"build (median of {rounds}, interleaved): plain MkDocs {med['plain']:.2f} s; full build: "
              + "; ".join(f"{k} {med[k]:.2f} s ({med[k] / med['plain']:.2f}x)" for k in list(med)[1:]))


def synthetic(dest: Path, copies: int) -> Path:
    """The repository's site with `copies` extra frameworks (PyTorch renamed)."""
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "CONTRIBUTING.md", "docs", "overrides", "data"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    frameworks = dest / "data" / "frameworks"
    template = (frameworks / "pytorch.yaml").read_text()
    template = re.sub(r"^lineage:.*?(?=^\S)", "", template, flags=re.M | re.S)
    for i in range(copies):
        text = re.sub(r"^id: pytorch$", f"id: synthetic-{i}", template, flags=re.M)
        (frameworks / f"synthetic-{i}.yaml").write_text(re.sub(r"^name: PyTorch$", f"name: Synthetic {i}", text,
                                                               flags=re.M))
    names = ", ".join(f"synthetic-{i}" for i in range(copies))
    for tool in (dest / "data" / "tools").glob("*.yaml"):  # tools PyTorch names must list the copies
        text = tool.read_text()
        fixed = re.sub(r"^(frameworks: \[.*\bpytorch\b.*)\]$", rf"\1, {names}]", text, flags=re.M)
        if fixed != text:
            tool.write_text(fixed)
    return dest


def scaling(rounds: int) -> None:
    base = len(list((ROOT / "data/frameworks").glob("*.yaml")))
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (1, 4, 16):
            project = synthetic(Path(tmp) / f"x{factor}", base * (factor - 1))
            check = median_of([str(BIN / "fwatlas"), "check", "--root", str(project)], NO_CACHE, rounds)
            build = median_of([str(BIN / "mkdocs"), "build", "--strict", "-q", "-d", str(project / "site")],
                              NO_CACHE, rounds, project)
            html = sum(p.stat().st_size for p in (project / "site").rglob("*.html"))
            rows[factor] = (check, build, html)
    c1, b1, h1 = rows[1]
    for factor, (check, build, html) in rows.items():
        print(f"{factor:>2}x ({base * factor} frameworks): check {check[0]:.2f} s ({check[0] / c1[0]:.1f}x), "
              f"{check[1]} MB ({check[1] / c1[1]:.1f}x); build {build[0]:.2f} s ({build[0] / b1[0]:.1f}x), "
              f"{build[1]} MB ({build[1] / b1[1]:.1f}x); HTML {html / 1e6:.1f} MB ({html / h1:.1f}x)")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def page_weights() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-q", "-d", str(site)], env=ENV, cwd=ROOT,
                       check=True)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or None)
            try:
                for path in ("", "compare/", "frameworks/pytorch/", "install/"):
                    context = browser.new_context()
                    page = context.new_page()
                    responses = []
                    page.on("response", lambda r: responses.append(r))
                    page.goto(url + path)
                    page.wait_for_load_state("networkidle")
                    sizes = [(len(gzip.compress(r.body(), 6)), r.url) for r in responses if r.ok]
                    search = any("search_index" in u for _, u in sizes)
                    print(f"first visit /{path}: {sum(n for n, _ in sizes) / 1024:.1f} KB gzipped in {len(sizes)} "
                          f"requests (search index {'loaded' if search else 'not loaded until a search'})")
                    context.close()
            finally:
                browser.close()
                server.shutdown()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--skip-weights", action="store_true")
    args = ap.parse_args()
    check_numbers(args.rounds)
    build_ratio(args.rounds)
    if not args.skip_scaling:
        scaling(1)
    if not args.skip_weights:
        page_weights()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
