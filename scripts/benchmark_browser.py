#!/usr/bin/env python3
"""Browser numbers for the closing notes (a benchmark, not a test).

1. Lighthouse scores (performance, accessibility, best practices, SEO) for the
   home, compare and a framework page of the real site. Lighthouse comes from
   the npm registry into .cache/bench (LIGHTHOUSE_VERSION below).
2. Compare-page interaction time (toggle a framework, differences-only) on a
   synthetic copy of the data with 15 frameworks, measured in Chromium as the
   time from the click to the end of the forced style/layout.

Usage: .venv/bin/python scripts/benchmark_browser.py [--skip-lighthouse] [--runs N]
"""
from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "bench"
LIGHTHOUSE_VERSION = "12"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SYNTHETIC_FRAMEWORKS = 15


class HostLike(SimpleHTTPRequestHandler):
    """Serves like a static host (GitHub Pages): gzip for text, a cache lifetime."""

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        compressed = path.with_name(path.name + ".gz")
        if "gzip" in self.headers.get("Accept-Encoding", "") and compressed.is_file():
            body = compressed.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


def precompress(site: Path) -> None:
    for path in site.rglob("*"):
        if path.suffix in (".html", ".css", ".js", ".json", ".svg", ".xml") and path.is_file():
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), 9))


def serve(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(HostLike, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def build(project: Path, out: Path, site_url: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"),
                    "-d", str(out)], check=True, env=env)


METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT",
           "cumulative-layout-shift": "CLS", "speed-index": "SI"}


def run_group(cmd: list[str], env: dict) -> subprocess.CompletedProcess:
    """Run a command in its own process group, so that Ctrl-C also ends the Chrome it starts."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    try:
        out, err = proc.communicate()
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def lighthouse(url: str) -> dict[str, float]:
    """One Lighthouse run (its defaults: a throttled phone): category scores and the performance metrics."""
    binary = CACHE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent", f"lighthouse@{LIGHTHOUSE_VERSION}"],
                       cwd=CACHE, check=True)
    for attempt in range(3):  # Chrome under Lighthouse occasionally dies on this small machine
        with tempfile.NamedTemporaryFile(suffix=".json") as report:
            done = run_group([str(binary), url, "--quiet", "--output=json", f"--output-path={report.name}",
                              f"--chrome-flags={' '.join(FLAGS)}"], env={**os.environ, "CHROME_PATH": CHROMIUM})
            if done.returncode == 0:
                data = json.loads(Path(report.name).read_text())
                result = {k: round(v["score"] * 100) for k, v in data["categories"].items()}
                for audit, label in METRICS.items():
                    value = data["audits"][audit]["numericValue"]
                    result[label] = round(value, 3) if label == "CLS" else round(value)
                return result
    raise RuntimeError(f"lighthouse failed 3 times on {url}: {done.stderr[-500:]}")


def synthetic_project(dest: Path) -> Path:
    """The repo's site with the real data plus copies of PyTorch up to 15 frameworks."""
    from benchmark import synthetic  # scripts/ is on the path when a script runs

    return synthetic(dest, SYNTHETIC_FRAMEWORKS - len(list((ROOT / "data/frameworks").glob("*.yaml"))))


MEASURE = """async (selector) => {
  const input = document.querySelector(selector);
  const t0 = performance.now();
  input.click();
  document.body.offsetHeight;  // force style and layout
  return performance.now() - t0;
}"""


def interactions(url: str, runs: int = 10) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    results: dict[str, list[float]] = {"toggle a framework": [], "differences only": [], "finder: toggle a need": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[f for f in FLAGS if f != "--headless=new"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url + "compare/")
        page.wait_for_selector("#compare-controls[data-ready]")
        columns = page.eval_on_selector_all("#compare-table section:first-child thead th[data-framework]", "c => c.length")
        for _ in range(runs):
            results["toggle a framework"].append(page.evaluate(MEASURE, "input[name=fw][value=synthetic-0]"))
            results["differences only"].append(page.evaluate(MEASURE, "input[name=diff]"))
        page.goto(url + "finder/?need=hardware.apple_silicon,deployment.mobile_edge")
        page.wait_for_selector("#finder-controls[data-ready]")
        for _ in range(runs):
            results["finder: toggle a need"].append(page.evaluate(MEASURE, "input[name=need][value=onnx]"))
        browser.close()
    summary = {f"{k} (median ms)": round(statistics.median(v), 1) for k, v in results.items()}
    summary.update({f"{k} (max ms)": round(max(v), 1) for k, v in results.items()})
    summary["frameworks in the table"] = columns
    return summary


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-lighthouse", action="store_true")
    ap.add_argument("--runs", type=int, default=5, help="Lighthouse runs per page (the median is reported)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if not args.skip_lighthouse:
            site = tmp / "site"
            site.mkdir()
            server, url = serve(site)
            build(ROOT, site, url)
            precompress(site)
            for path in ("", "compare/", "finder/", "frameworks/pytorch/"):
                html = (site / path / "index.html").read_bytes()
                print(f"page weight /{path}: {len(html) / 1024:.0f} KB HTML, "
                      f"{len(gzip.compress(html, 9)) / 1024:.1f} KB gzipped")
                # Scores move by several points between runs on a 2-core machine (the search worker,
                # Lighthouse itself and Chrome share the cores): report the median of RUNS.
                runs = [lighthouse(url + path) for _ in range(args.runs)]
                median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                scores = ", ".join(f"{k} {median[k]:g}" for k in ("performance", "accessibility", "best-practices", "seo"))
                metrics = ", ".join(f"{k} {median[k]:g}" for k in METRICS.values())
                print(f"lighthouse /{path} (median of {args.runs}): {scores}; {metrics} (ms); "
                      f"performance runs: {[r['performance'] for r in runs]}")
            server.shutdown()
        project = synthetic_project(tmp / "synthetic")
        site = tmp / "synthetic-site"
        site.mkdir()
        server, url = serve(site)
        build(project, site, url)
        for name, value in interactions(url).items():
            print(f"compare, {name}: {value}")
        server.shutdown()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # servers are daemon threads; browsers were closed on the way out
        print("interrupted", file=sys.stderr)
        sys.exit(130)
