"""Turn check results into the project's `Problem`s (and notes for redirects).

Rules: link.broken (error), link.anchor (error), link.unverified (warning),
link.allowlist-stale (error), link.allowlist-invalid (error).
One problem per URL, at its first citation (data files before site pages);
the hint names the other places.
"""
from __future__ import annotations

import datetime as dt

from ..problems import Problem
from .allowlist import FILE as ALLOWLIST_FILE
from .allowlist import Entry, allowed
from .cache import age_text
from .checker import Result, fragment_to_find
from .collect import Citation, Citations

MAX_PLACES = 3  # other places named in a hint


def _places(places: list[Citation]) -> str:
    others = sorted(places)[1:]
    if not others:
        return ""
    named = ", ".join(p.where for p in others[:MAX_PLACES])
    more = f" and {len(others) - MAX_PLACES} more" if len(others) > MAX_PLACES else ""
    return f"also cited at {named}{more}"


def _hint(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def link_problems(results: dict[str, Result], citations: Citations, entries: list[Entry],
                  now: dt.datetime) -> list[Problem]:
    problems = []
    unreachable = sorted(u for u, r in results.items() if r.status == "unreachable" and not allowed(entries, u))
    if unreachable:
        # offline or blocked: one problem for the run, not one per link
        shown = ", ".join(unreachable[:3]) + (f" and {len(unreachable) - 3} more" if len(unreachable) > 3 else "")
        problems.append(Problem("data", 0, 0, "link.unreachable",
                                f"{len(unreachable)} URL(s) could not be reached (DNS or connection failure): {shown}",
                                "this says nothing about the pages: check the network, then run again "
                                "(unreachable results are not cached)", "warning"))
    for url, result in results.items():
        if result.reached or result.status == "unreachable" or allowed(entries, url):
            continue
        places = sorted(citations.get(url, [])) or [Citation(1, "data", 0, 0)]
        first = places[0]
        age = age_text(result.checked, now) if result.cached else ""
        ends = f" (redirected to {result.final_url})" if result.final_url else ""
        allow = f"or allowlist it with a reason in {ALLOWLIST_FILE}"
        if result.status == "anchor":
            rule, severity = "link.anchor", "error"
            message = f"missing anchor #{fragment_to_find(url)} on {url}{ends}"
            hint = _hint(f"the page has no id or name {fragment_to_find(url)!r}; link to an existing section "
                         f"or drop the #fragment, {allow}", _places(places), age)
        elif result.status == "unverified":
            rule, severity = "link.unverified", "warning"
            message = f"could not verify {url}: {result.detail}{ends}"
            hint = _hint(f"the site refuses automated checks; open it in a browser, {allow} if it works",
                         _places(places), age)
        else:
            rule, severity = "link.broken", "error"
            message = f"broken link {url}: {result.detail}{ends}"
            hint = _hint(f"replace it with the page's new address or an archived copy, {allow}",
                         _places(places), age)
        problems.append(Problem(first.file, first.line, first.col, rule, message, hint, severity))  # type: ignore[arg-type]
    return problems


def stale_problems(stale: list[tuple[Entry, str]], display: str = ALLOWLIST_FILE) -> list[Problem]:
    return [Problem(display, entry.line, entry.col, "link.allowlist-stale",
                    f"stale allowlist entry {entry.url}: {why}", "remove the entry")
            for entry, why in stale]


def redirect_notes(results: dict[str, Result], citations: Citations, fmt: str) -> list[str]:
    """One line per redirected URL, naming where it now ends (not a problem)."""
    lines = []
    for url, result in sorted(results.items()):
        if result.status != "redirected" or not result.final_url:
            continue
        first = (sorted(citations.get(url, [])) or [Citation(1, "data", 0, 0)])[0]
        if fmt == "github":
            body = f"{url} redirects to {result.final_url}".replace("%", "%25")
            lines.append(f"::notice file={first.file},line={max(first.line, 1)},col={max(first.col, 1)},"
                         f"title=link.redirected::{body}")
        else:
            lines.append(f"{first.file}:{first.line}:{first.col}: link.redirected: note: "
                         f"{url} redirects to {result.final_url}")
    return lines
