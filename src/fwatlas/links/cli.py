"""`fwatlas links`: the subcommand, its options and the run.

Exit codes: 0 all links ok (warnings allowed), 1 errors, 2 usage error, 3 hosts unreachable.
The options live in `options.py`, so that other subcommands do not import httpx.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from ..problems import format_problems, sort_problems, summary
from .allowlist import FILE as ALLOWLIST_FILE
from .allowlist import allowed, load_allowlist, stale_entries
from .cache import Cache, age_text
from .checker import Settings, check_urls, now_utc
from .collect import collect_data, collect_site, merge, own_prefixes
from .gitbase import GitError, urls_at
from .report import link_problems, redirect_notes, stale_problems

from .options import DEFAULT_CACHE, EXIT_OK, EXIT_PROBLEMS, EXIT_UNREACHABLE, EXIT_USAGE  # noqa: F401


def _err(message: str) -> None:
    print(f"fwatlas links: {message}", file=sys.stderr)


def run(args: argparse.Namespace, settings: Settings | None = None) -> int:
    root = Path(args.root).resolve()
    if not (root / "data").is_dir():
        _err(f"no data/ folder in {root}")
        return EXIT_USAGE
    site = None
    if args.site:
        site = Path(args.site)
        site = site if site.is_absolute() else (Path.cwd() / site)
        if not site.is_dir():
            _err(f"--site {args.site}: no such folder (run `make build` first)")
            return EXIT_USAGE
    settings = settings or Settings()
    settings.timeout, settings.retries, settings.concurrency = args.timeout, args.retries, args.concurrency

    from ..load import load  # the data loader is heavy; import it only when the command runs

    kb, load_problems = load(root)
    if any(p.severity == "error" for p in load_problems):
        _err(f"{sum(p.severity == 'error' for p in load_problems)} data problem(s) hide some entries "
             "(see `fwatlas check`); checking the links of the rest")
    citations = collect_data(kb)
    if site is not None:
        resolved = site.resolve()
        display = resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(site)
        merge(citations, collect_site(resolved, display, own_prefixes(root)))

    entries, allow_problems = load_allowlist(root / ALLOWLIST_FILE, ALLOWLIST_FILE)

    base_urls: set[str] | None = None
    if args.only_new:
        try:
            base_urls = urls_at(root, args.only_new, skip=(ALLOWLIST_FILE,))
        except GitError as exc:
            _err(f"--only-new {args.only_new}: {exc}")
            return EXIT_USAGE
    targets = [u for u in citations if base_urls is None or u not in base_urls]

    cache_path = Path(args.cache)
    cache_path = cache_path if cache_path.is_absolute() else root / cache_path
    cache, warning = Cache.load(cache_path)
    if warning:
        _err(warning)
    now = now_utc()
    results = {}
    for url in targets:
        hit = cache.fresh(url, args.max_age, now)
        if hit is not None:
            results[url] = hit
    to_fetch = [u for u in targets if u not in results]
    if args.format == "text":
        scope = f" not cited at {args.only_new}" if base_urls is not None else ""
        _err(f"{len(targets)} URL(s){scope}: {len(results)} from the cache, checking {len(to_fetch)}...")
    try:
        fetched = check_urls(to_fetch, settings)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    results.update(fetched)
    if fetched:
        cache.update(fetched)
        try:
            cache.save()
        except OSError as exc:
            _err(f"cannot write the cache {cache_path}: {exc}")

    def result_of(url: str):
        return results.get(url) or cache.fresh(url, args.max_age, now)

    def judge_unmatched(entry) -> bool:
        # Only a run that collected the site knows every cited URL; a PR run (--only-new,
        # data only) still catches an entry whose last citation the change removed.
        if site is not None:
            return True
        return base_urls is not None and any(entry.matches(u) for u in base_urls)

    stale = stale_entries(entries, set(citations), result_of, judge_unmatched)
    problems = sort_problems(link_problems(results, citations, entries, now)
                             + stale_problems(stale) + allow_problems)

    output = format_problems(problems, args.format)
    if output:
        print(output)
    notes = redirect_notes(results, citations, args.format)
    if notes and args.format == "github":
        print("\n".join(notes))
    elif notes:
        print("\n".join(notes), file=sys.stderr)
    if args.format == "text":
        _err(_summary(results, entries, problems, now))
    if any(p.severity == "error" for p in problems):
        return EXIT_PROBLEMS
    # nothing is known to be broken, but some links could not be checked at all
    return EXIT_UNREACHABLE if any(p.rule == "link.unreachable" for p in problems) else EXIT_OK


def _summary(results, entries, problems, now) -> str:
    counts = Counter(r.status for r in results.values())
    silenced = sum(1 for u, r in results.items() if not r.reached and allowed(entries, u))
    parts = [f"{counts[s]} {label}" for s, label in (("ok", "ok"), ("redirected", "redirected"),
                                                      ("broken", "broken"), ("anchor", "missing anchor"),
                                                      ("unverified", "unverified"), ("unreachable", "unreachable"))
             if counts[s]]
    if silenced:
        parts.append(f"{silenced} allowlisted")
    cached = [r for r in results.values() if r.cached]
    if cached:
        oldest = min(r.checked for r in cached)
        parts.append(f"{len(cached)} from the cache, oldest {age_text(oldest, now)}")
    return f"{len(results)} URL(s): {', '.join(parts) or 'nothing to check'}; {summary(problems)}"
