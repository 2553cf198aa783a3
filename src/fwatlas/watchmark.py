"""How a plain `fwatlas check` profits from a running `fwatlas check --watch`.

The watcher notices an edit at once and stores its verdict in the result cache
(`.cache/fwatlas/check.json`, keyed by every input). A check typed right after the save
would otherwise miss that cache by a fraction of a second and import and compute
everything itself (several times slower than the watcher). So the watcher leaves a
mark, `.cache/fwatlas/watch.json` (its process id, under the key of fwatlas's code), and
a check that misses the cache while a watcher of the same code is alive waits up to
WAIT seconds for the verdict to appear, then computes it itself as always. A stale,
foreign or broken mark only means no waiting.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from . import buildcache

KIND = "watch"
WAIT = 3.0  # the watcher checks in about 0.2 s; a slow machine gets more, never for ever
POLL = 0.02


def _mark_pid(root: Path) -> int | None:
    """The pid a mark written by this version of fwatlas names, else None."""
    mark = buildcache.load(root, KIND, buildcache.code_digest(),
                           valid=lambda v: isinstance(v, dict) and type(v.get("pid")) is int and v["pid"] > 0)
    return mark["pid"] if mark else None


def _alive(pid: int) -> bool:
    """Whether pid is a running `fwatlas check --watch` (where /proc shows command lines;
    elsewhere, whether the process exists and is ours)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except OSError:  # gone, or someone else's: not our watcher
        return False
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            args = f.read(64 * 1024).split(b"\0")
    except FileNotFoundError:
        return not os.path.isdir("/proc/self")  # no /proc on this system: trust the pid
    except OSError:
        return False
    return b"--watch" in args and any(b"fwatlas" in a for a in args[:3])


def announce(root: Path) -> None:
    """Say this process watches root (a check of the same code may wait for it)."""
    buildcache.store(root, KIND, buildcache.code_digest(), {"pid": os.getpid()})


def withdraw(root: Path) -> None:
    """Remove the mark if it is still this process's."""
    if _mark_pid(root) == os.getpid():
        try:
            (root / buildcache.CACHE_DIR / f"{KIND}.json").unlink()
        except OSError:
            pass


def wait_for(root: Path, key: str):
    """The cached check result for `key` once a live watcher has stored it, or None (no
    watcher, the watcher stopped, or WAIT passed)."""
    pid = _mark_pid(root)
    if pid is None or not _alive(pid):
        return None
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = buildcache.load(root, "check", key)
        if found is not None:
            return found
        if not _alive(pid):
            return None
        time.sleep(POLL)
    return None
