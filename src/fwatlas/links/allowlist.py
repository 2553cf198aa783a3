"""data/link-allowlist.yaml: URLs known not to check out, each with a reason.

    entries:
      - url: https://example.org/page          # exact
        reason: Serves 403 to every robot; checked by hand 2026-11-01.
      - url: https://example.org/archive/*     # a prefix: ends with *
        reason: ...

An allowlisted URL is still checked, but never reported. An entry is itself
an error once it is stale: it matches no cited URL, or its URLs check ok.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..problems import Problem
from ..yamlfile import read_yaml
from .checker import Result
from .collect import is_url

FILE = "data/link-allowlist.yaml"
RULE_INVALID = "link.allowlist-invalid"


@dataclass(frozen=True)
class Entry:
    url: str
    reason: str
    line: int
    col: int

    @property
    def is_prefix(self) -> bool:
        return self.url.endswith("*")

    def matches(self, url: str) -> bool:
        return url.startswith(self.url[:-1]) if self.is_prefix else url == self.url


def load_allowlist(path: Path, display: str = FILE) -> tuple[list[Entry], list[Problem]]:
    """The entries, and a problem for each malformed one (a missing file is an empty list)."""
    if not path.exists():
        return [], []
    doc, problems = read_yaml(path, display)
    if problems:
        return [], problems
    data = doc.data
    if not isinstance(data, dict) or set(data) != {"entries"} or not isinstance(data["entries"], list):
        return [], [doc.problem((), RULE_INVALID, "the allowlist is a mapping with one key, `entries:`, a list",
                                "start it with `entries: []`")]
    entries: list[Entry] = []
    for i, item in enumerate(data["entries"]):
        where = ("entries", i)
        if not isinstance(item, dict):
            problems.append(doc.problem(where, RULE_INVALID, "an entry is a mapping with `url:` and `reason:`"))
            continue
        extra = sorted(set(item) - {"url", "reason"})
        if extra:
            problems.append(doc.problem(where + (extra[0],), RULE_INVALID, f"unknown key {extra[0]!r}",
                                        "an entry has only `url:` and `reason:`", key=True))
            continue
        url, reason = item.get("url"), item.get("reason")
        pattern = url[:-1] if isinstance(url, str) and url.endswith("*") else url
        if not is_url(pattern) or "*" in pattern:
            problems.append(doc.problem(where + ("url",), RULE_INVALID,
                                        "`url:` is an http(s) URL, or a prefix of one ending with *"))
            continue
        if not isinstance(reason, str) or not reason.strip():
            problems.append(doc.problem(where + ("reason",), RULE_INVALID, "every entry needs a `reason:`",
                                        "say why the link cannot be fixed, and when you checked it by hand"))
            continue
        line, col = doc.where(where)
        entries.append(Entry(url.strip(), reason.strip(), line, col))
    return entries, problems


def allowed(entries: list[Entry], url: str) -> Entry | None:
    return next((e for e in entries if e.matches(url)), None)


def stale_entries(entries: list[Entry], cited: set[str], result_of: Callable[[str], Result | None],
                  judge_unmatched: Callable[[Entry], bool]) -> list[tuple[Entry, str]]:
    """(entry, why) for each entry that no longer earns its place.

    `judge_unmatched(entry)`: whether an entry matching no cited URL can be
    called stale in this run (not when some cited URLs were not collected).
    """
    stale = []
    for entry in entries:
        matched = sorted(u for u in cited if entry.matches(u))
        if not matched:
            if judge_unmatched(entry):
                stale.append((entry, "it matches no cited URL"))
            continue
        results = [result_of(u) for u in matched]
        if all(r is not None and r.reached for r in results):
            first = results[0]
            assert first is not None
            what = "the URL now checks ok" if len(matched) == 1 else f"all {len(matched)} URLs it matches now check ok"
            stale.append((entry, f"{what} ({first.detail or first.status})"))
    return stale
