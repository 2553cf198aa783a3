"""The options of `fwatlas links`, without its heavy imports (httpx, the HTML parser):
every `fwatlas` command builds this parser, only `fwatlas links` needs the checker."""
from __future__ import annotations

import argparse

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_UNREACHABLE = 0, 1, 2, 3
DEFAULT_CACHE = ".cache/links.json"


def _number(kind: type, minimum: float, above: bool = False):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        if value < minimum or (above and value == minimum):
            raise argparse.ArgumentTypeError(f"must be {'above' if above else 'at least'} {minimum:g}")
        return value
    return parse


def register(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "links", help="check external links (sources, homepages, the built site)",
        description="Check every external URL the atlas cites. Broken links and missing anchors are "
                    "errors; pages that refuse robots (429, bot walls) are warnings. Results are cached.")
    p.add_argument("--root", default=".", help="project folder holding data/ (default: .)")
    p.add_argument("--site", metavar="DIR", help="also check external links in the built site (e.g. site)")
    p.add_argument("--format", choices=["text", "github", "json"], default="text",
                   help="text (file:line:col: rule: message), github annotations, or json")
    p.add_argument("--cache", metavar="FILE", default=DEFAULT_CACHE,
                   help=f"results cache, relative to --root (default: {DEFAULT_CACHE})")
    p.add_argument("--max-age", metavar="DAYS", type=_number(float, 0), default=7.0,
                   help="re-check cached results older than this (default: 7; 0 re-checks everything)")
    p.add_argument("--only-new", metavar="BASE",
                   help="check only URLs not cited in data/ at git ref BASE (e.g. origin/main)")
    p.add_argument("--timeout", metavar="SECONDS", type=_number(float, 0, above=True), default=10.0,
                   help="per-request timeout (default: 10)")
    p.add_argument("--retries", metavar="N", type=_number(int, 0), default=2,
                   help="retries after 5xx, 429 and connection errors (default: 2)")
    p.add_argument("--concurrency", metavar="N", type=_number(int, 1), default=16,
                   help="requests at once overall; never more than 2 per host (default: 16)")
    return p
