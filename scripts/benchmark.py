#!/usr/bin/env python3
"""Speed and size numbers for the closing notes and the README (not a test: they vary by
machine; the ratios, measured in one run, are what to compare).

Usage: .venv/bin/python scripts/benchmark.py [--rounds N] [--check-only] [--skip-scaling] [--skip-weights] [--skip-serve]

Every command is timed as a user types it (a new process, start-up included), with
/usr/bin/time for wall time and peak memory. Numbers measured side by side are interleaved
round by round, so the machine's load hits them alike; ratios are what to compare. It reports:

1. The edit loop, in a clone of the repository: `fwatlas check` with nothing changed (the
   result cache), after a one-file data edit (one fact's note changed: every other file's
   parsed and validated result is reused, the rules run again) and without any cache; then
   `mkdocs serve` rebuilding after such an edit next to `mkdocs serve` of the plain project
   (`fwatlas generate`) rebuilding after a Markdown edit, each read from MkDocs' own
   "Documentation built in" line.
2. The full build (`mkdocs build --strict` with the plugin) against plain MkDocs building the
   same Markdown: with no cache at all, after a data edit, and with nothing changed.
3. The generated folder built by Zensical next to MkDocs building the same folder (with the
   pinned Zensical in .venv-zensical, which `make zensical` installs).
4. Growth at 1x, 4x and 16x the frameworks (copies of PyTorch): check and build time and
   peak memory, each as a ratio to 1x (linear growth: about 4 and 16).
5. Page weight of a first visit (all requests, gzipped) to home, compare and a framework
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
import time
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


def clone(tmp: Path) -> Path:
    """The repository as committed (its git history feeds the Atom feeds), to edit freely."""
    project = tmp / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(project)], check=True)
    return project


def edit_note(path: Path, original: str, i: int) -> None:
    """A real edit: the first fact note of the file gets a sentence (a value the rules and
    pages read, not a comment)."""
    path.write_text(re.sub(r"(?m)^(\s+note: )(.*)$", lambda m: f"{m.group(1)}{m.group(2)} Benchmark edit {i}.",
                           original, count=1), encoding="utf-8")


def check_numbers(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = clone(Path(tmp))
        cmd = [str(BIN / "fwatlas"), "check", "--root", str(project)]
        fact = project / "data/frameworks/theano.yaml"
        original = fact.read_text(encoding="utf-8")
        timed(cmd, ENV)  # fill the caches
        results: dict[str, list[float]] = {"nothing changed": [], "after a one-file edit": [], "no cache": []}
        for i in range(rounds):
            edit_note(fact, original, i)
            results["after a one-file edit"].append(timed(cmd, ENV)[0])
            results["nothing changed"].append(timed(cmd, ENV)[0])
            results["no cache"].append(timed(cmd, NO_CACHE)[0])
        med = {k: statistics.median(v) for k, v in results.items()}
        imports, _ = median_of([str(BIN / "python"), "-c", "import fwatlas.pipeline"], ENV, rounds)
        base = med["nothing changed"]
        print(f"check as typed (median of {rounds}, interleaved): nothing changed {base:.2f} s; "
              + "; ".join(f"{k} {med[k]:.2f} s ({med[k] / base:.1f}x)" for k in list(med)[1:])
              + f"; importing what a check that runs the rules needs (pydantic, models, rules) {imports:.2f} s "
                f"({imports / base:.1f}x)")
        watch_numbers(cmd, fact, original, rounds)


def watch_numbers(cmd: list[str], fact: Path, original: str, rounds: int) -> None:
    """`fwatlas check --watch`: from writing an edit to the end of its verdict, next to a
    check as typed with nothing changed (interleaved; the watcher stays running)."""
    proc = subprocess.Popen([*cmd, "--watch"], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    done = threading.Semaphore(0)
    stamps: list[float] = []

    def read():
        for line in proc.stderr:
            if "fwatlas check --watch: checked" in line:
                stamps.append(time.perf_counter())
                done.release()
    threading.Thread(target=read, daemon=True).start()
    try:
        if not done.acquire(timeout=120):
            sys.exit("fwatlas check --watch gave no first verdict")
        saved, unchanged, typed = [], [], []
        for i in range(rounds):
            time.sleep(0.3)  # the watcher is idle, polling, as between two saves
            fact.write_text(original.replace("note: ", f"note: Watch edit {i}. ", 1), encoding="utf-8")
            started = time.perf_counter()
            if not done.acquire(timeout=120):
                sys.exit("fwatlas check --watch did not check again after an edit")
            while done.acquire(timeout=0.5):  # a second verdict for the same save counts too
                pass
            saved.append(stamps[-1] - started)
            unchanged.append(timed(cmd, ENV)[0])
            # a check typed right after saving, as a pre-commit hook runs it, while the watcher runs
            fact.write_text(original.replace("note: ", f"note: Typed edit {i}. ", 1), encoding="utf-8")
            typed.append(timed(cmd, ENV)[0])
            while done.acquire(timeout=0.5):
                pass
    finally:
        proc.send_signal(2)  # Ctrl-C
        proc.wait(timeout=30)
        fact.write_text(original, encoding="utf-8")
    a, b, c = statistics.median(saved), statistics.median(unchanged), statistics.median(typed)
    print(f"check --watch (median of {rounds}, interleaved): from saving a one-file edit to its verdict {a:.2f} s; "
          f"a check as typed with nothing changed {b:.2f} s ({a / b:.1f}x); a check as typed right after a "
          f"one-file edit, with the watcher running {c:.2f} s ({c / b:.1f}x)")


class Serve:
    """`mkdocs serve` in the background; the durations of its builds, from its log."""

    def __init__(self, config: Path, cwd: Path):
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.times: list[float] = []
        self.cond = threading.Condition()
        self.log: list[str] = []
        self.proc = subprocess.Popen([str(BIN / "mkdocs"), "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                                     cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.log.append(line)
            found = re.search(r"Documentation built in ([0-9.]+) seconds", line)
            if found:
                with self.cond:
                    self.times.append(float(found.group(1)))
                    self.cond.notify_all()

    def build(self, n: int, timeout: float = 600) -> float:
        """The duration of the n-th build (1 is the first, at start-up)."""
        with self.cond:
            if not self.cond.wait_for(lambda: len(self.times) >= n or self.proc.poll() is not None, timeout) \
                    or len(self.times) < n:
                sys.exit("mkdocs serve did not rebuild:\n" + "".join(self.log[-20:]))
        return self.times[n - 1]

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def serve_ratio(rounds: int) -> None:
    """The edit loop of `make serve`: a rebuild after a one-file data edit, next to plain
    MkDocs serving the generated Markdown rebuilding after a Markdown edit (interleaved)."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = clone(tmp)
        subprocess.run([str(BIN / "fwatlas"), "generate", str(tmp / "gen"), "--root", str(project)], env=ENV,
                       check=True, capture_output=True)
        fact = project / "data/frameworks/theano.yaml"
        original = fact.read_text(encoding="utf-8")
        page = tmp / "gen/docs/methodology.md"
        page_text = page.read_text(encoding="utf-8")
        full, plain = Serve(project / "mkdocs.yml", project), Serve(tmp / "gen/mkdocs.yml", tmp / "gen")
        try:
            full.build(1)
            plain.build(1)
            times: dict[str, list[float]] = {"plugin": [], "plain": [], "plain build": []}
            build = [str(BIN / "mkdocs"), "build", "-q", "-f", str(tmp / "gen/mkdocs.yml"), "-d", str(tmp / "out")]
            for i in range(rounds):
                time.sleep(1.0)  # one change, one rebuild
                edit_note(fact, original, i)
                times["plugin"].append(full.build(i + 2))
                page.write_text(page_text + f"\nBenchmark edit {i}.\n", encoding="utf-8")
                times["plain"].append(plain.build(i + 2))
                times["plain build"].append(timed(build, ENV, tmp)[0])
        finally:
            full.stop()
            plain.stop()
        a, b, c = (statistics.median(times[k]) for k in ("plugin", "plain", "plain build"))
        print(f"make serve (median of {rounds}, interleaved): rebuild after a one-file data edit {a:.2f} s; "
              f"plain MkDocs serving the same Markdown, rebuild after a Markdown edit {b:.2f} s ({a / b:.2f}x); "
              f"a plain `mkdocs build` of the same Markdown as typed {c:.2f} s ({a / c:.2f}x)")


def zensical_build(rounds: int) -> None:
    """The folder `fwatlas generate` writes, built by Zensical and by MkDocs (interleaved)."""
    zensical = ROOT / ".venv-zensical/bin/zensical"
    if not zensical.is_file():
        print("Zensical: not installed here (`make zensical` installs the pinned release in .venv-zensical)")
        return
    version = subprocess.run([str(zensical), "--version"], capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run([str(BIN / "fwatlas"), "generate", str(tmp / "gen")], env=ENV, cwd=ROOT, check=True,
                       capture_output=True)
        results: dict[str, list[tuple[float, int]]] = {"zensical": [], "mkdocs": []}
        for _ in range(rounds):
            results["zensical"].append(timed([str(zensical), "build", "--clean", "-f", str(tmp / "gen/mkdocs.yml")],
                                             ENV, tmp / "gen"))
            results["mkdocs"].append(timed([str(BIN / "mkdocs"), "build", "--strict", "-q", "-f",
                                            str(tmp / "gen/mkdocs.yml"), "-d", str(tmp / "mkdocs-site")], ENV, tmp))
        z = statistics.median(t for t, _ in results["zensical"])
        m = statistics.median(t for t, _ in results["mkdocs"])
        print(f"builders (median of {rounds}, interleaved), the generated folder: {version or 'Zensical'} {z:.2f} s, "
              f"{max(r for _, r in results['zensical'])} MB; MkDocs {m:.2f} s, "
              f"{max(r for _, r in results['mkdocs'])} MB ({z / m:.2f}x)")


def build_ratio(rounds: int) -> None:
    """In a clone of the repository (its git history feeds the Atom feeds), interleaved:
    plain MkDocs on the generated Markdown; the full build with no cache at all; after a
    data edit (one fact file changed, as when a contributor works); and with nothing changed."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = clone(tmp)
        subprocess.run([str(BIN / "fwatlas"), "generate", str(tmp / "gen"), "--root", str(project)], env=ENV,
                       check=True, capture_output=True)
        full = [str(BIN / "mkdocs"), "build", "--strict", "-q", "-d", str(tmp / "a")]
        plain = [str(BIN / "mkdocs"), "build", "--strict", "-q", "-f", str(tmp / "gen/mkdocs.yml"), "-d", str(tmp / "b")]
        fact_file = project / "data/frameworks/pytorch.yaml"
        original = fact_file.read_text(encoding="utf-8")
        timed(full, ENV, project)  # fill the caches
        results: dict[str, list[float]] = {"plain": [], "no cache": [], "after a data edit": [], "unchanged": []}
        for i in range(rounds):  # interleaved: the machine's load hits all alike
            results["plain"].append(timed(plain, ENV, project)[0])
            results["no cache"].append(timed(full, NO_CACHE, project)[0])
            edit_note(fact_file, original, i)
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
    ap.add_argument("--skip-serve", action="store_true")
    ap.add_argument("--check-only", action="store_true", help="only the numbers of `fwatlas check`")
    args = ap.parse_args()
    check_numbers(args.rounds)
    if args.check_only:
        return
    if not args.skip_serve:
        serve_ratio(args.rounds)
    build_ratio(args.rounds)
    zensical_build(args.rounds)
    if not args.skip_scaling:
        scaling(1)
    if not args.skip_weights:
        page_weights()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
