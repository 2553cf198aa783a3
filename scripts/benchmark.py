#!/usr/bin/env python3
"""Speed and size numbers for the closing notes (not a test: numbers vary by machine).

Usage: .venv/bin/python scripts/benchmark.py [--runs N]
Prints check time, full strict build time, site and API size, and data counts.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from fwatlas.kb import KnowledgeBase  # noqa: E402
from fwatlas.model import UNKNOWN  # noqa: E402
from fwatlas.pipeline import check_project  # noqa: E402


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def counts(kb: KnowledgeBase) -> dict[str, int]:
    facts = [f for fw in kb.frameworks.values() for f in fw.facts.values()]
    return {
        "frameworks": len(kb.frameworks), "dimensions": len(kb.dimensions), "topics": len(kb.topics),
        "facts": len(facts), "unknown facts": sum(f.value == UNKNOWN for f in facts),
        "releases": sum(len(fw.releases) for fw in kb.frameworks.values()),
        "source citations": sum(1 for _ in kb.all_sources()),
        "distinct source URLs": len({s.url for s, _ in kb.all_sources()}),
        "tools": len(kb.tools), "claims": len(kb.claims),
    }


def build_once(out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"),
                    "-d", str(out)], check=True, env=env)


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    check_s, (kb, problems) = timed(lambda: check_project(ROOT), args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        build_s, _ = timed(lambda: build_once(out), args.runs)
        pages = list(out.rglob("*.html"))
        print(f"check (load+validate+rules, median of {args.runs}): {check_s * 1000:.0f} ms, {len(problems)} problems")
        print(f"full strict build (median of {args.runs}): {build_s:.2f} s")
        print(f"site: {len(pages)} HTML pages, {size(out) / 1e6:.1f} MB total, API {size(out / 'api') / 1e3:.0f} KB")
        biggest = max(pages, key=lambda p: p.stat().st_size)
        print(f"largest page: {biggest.relative_to(out)} {biggest.stat().st_size / 1e3:.0f} KB")
    for name, value in counts(kb).items():
        print(f"{name}: {value}")


if __name__ == "__main__":
    main()
