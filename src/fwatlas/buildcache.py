"""A small result cache: skip loading and checking when nothing they read has changed.

`fwatlas check` and the MkDocs plugin both start by loading, validating and
checking every data file (pydantic models, ~0.5 s). When the inputs are the same
bytes as last time, the result is the same, so it is read back from
`.cache/fwatlas/` instead (the way ruff and mypy cache). The key covers
everything the result depends on:

- every file under data/ (facts, tools, claims, machine-written files),
- fwatlas's own code and templates (a new rule or template invalidates it),
- CONTRIBUTING.md (a generated page), today's date (rules about future dates
  and stale facts change with the calendar) and the Python version,
- whatever the caller adds (site URL, branch, output format).

One entry per kind is kept, so the cache never grows. Any problem reading or
writing it means "no cache", never an error. `FWATLAS_NO_CACHE=1` turns it off.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path

CACHE_DIR = Path(".cache") / "fwatlas"
_CODE_DIR = Path(__file__).resolve().parent
FORMAT = 1  # bump when the cached shape changes


def enabled() -> bool:
    return os.environ.get("FWATLAS_NO_CACHE", "") in ("", "0")


def _files(folder: Path, suffixes: tuple[str, ...] | None = None):
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        for name in sorted(filenames):
            if suffixes is None or name.endswith(suffixes):
                yield Path(dirpath) / name


def input_key(root: Path, *extra: str, today: dt.date | None = None, data: bool = True) -> str:
    """The key of a result computed from `root`'s inputs; data=False leaves data/ and the
    date out (for results read from git history instead, keyed by the commit in `extra`)."""
    h = hashlib.sha256()
    folders = (("data", root / "data", None),) if data else ()
    for label, folder, suffixes in folders + (("code", _CODE_DIR, (".py", ".j2")),):
        for path in _files(folder, suffixes):
            h.update(f"{label}:{path.relative_to(folder).as_posix()}\0".encode())
            h.update(path.read_bytes())
    guide = root / "CONTRIBUTING.md"
    if data and guide.is_file():
        h.update(guide.read_bytes())
    today = (today or dt.date.today()) if data else None
    h.update(f"\0{FORMAT}\0{today}\0{sys.version_info[:2]}\0".encode())
    for part in extra:
        h.update(part.encode() + b"\0")
    return h.hexdigest()


def git_head(root: Path) -> str:
    """The checked-out commit ("" outside git): part of the key of anything read from history."""
    import subprocess

    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def load(root: Path, kind: str, key: str):
    """The cached value for `kind` if it was stored under `key`, else None."""
    if not enabled():
        return None
    try:
        entry = json.loads((root / CACHE_DIR / f"{kind}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return entry.get("value") if isinstance(entry, dict) and entry.get("key") == key else None


def store(root: Path, kind: str, key: str, value) -> None:
    if not enabled():
        return
    folder = root / CACHE_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{kind}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"key": key, "value": value}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(folder / f"{kind}.json")  # atomic: a parallel reader sees old or new, never half
    except OSError:
        pass  # a read-only checkout simply has no cache
