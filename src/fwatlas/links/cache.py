"""Results of earlier checks, with the time each was made (a JSON file).

    {"version": 1, "entries": {"https://...": {"status": "ok", "code": 200,
     "final_url": null, "detail": "200 OK", "checked": "2026-11-22T07:00:00+00:00"}}}

A result younger than `--max-age` days is reused instead of fetching again.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

from .checker import Result

VERSION = 1


class Cache:
    def __init__(self, path: Path, entries: dict[str, Result] | None = None):
        self.path = path
        self.entries: dict[str, Result] = entries or {}

    @classmethod
    def load(cls, path: Path) -> tuple["Cache", str]:
        """The cache at `path` (empty if absent); the second value is a warning, or ""."""
        if not path.exists():
            return cls(path), ""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict) or raw.get("version") != VERSION or not isinstance(raw.get("entries"), dict):
                return cls(path), f"{path}: not a link cache of version {VERSION}; starting afresh"
            entries = {}
            for url, data in raw["entries"].items():
                try:
                    entries[url] = Result.from_json(url, data)
                except (KeyError, TypeError, ValueError, AttributeError):
                    continue  # one bad entry is simply checked again
            return cls(path, entries), ""
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            return cls(path), f"{path}: cannot read the link cache ({exc}); starting afresh"

    def fresh(self, url: str, max_age_days: float, now: dt.datetime) -> Result | None:
        """The cached result if it is younger than max_age_days (never with 0)."""
        result = self.entries.get(url)
        if result is None or max_age_days <= 0:
            return None
        age = now - result.checked
        return result if dt.timedelta(0) <= age < dt.timedelta(days=max_age_days) else None

    def update(self, results: dict[str, Result]) -> None:
        # an unreachable host says nothing about the page: check it again next time
        self.entries.update({u: r for u, r in results.items() if r.status != "unreachable"})

    def save(self) -> None:
        """Write atomically (a temporary file, then a rename), creating the folder."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": VERSION,
                "entries": {url: r.to_json() for url, r in sorted(self.entries.items())}}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".links-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=1, ensure_ascii=False)
                out.write("\n")
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def age_text(checked: dt.datetime, now: dt.datetime) -> str:
    """'checked just now', 'checked 5 hours ago', 'checked 3 days ago'."""
    seconds = max(0, int((now - checked).total_seconds()))
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            n = seconds // size
            return f"checked {n} {unit}{'s' if n != 1 else ''} ago"
    return "checked just now"
