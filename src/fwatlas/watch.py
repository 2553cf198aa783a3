"""`fwatlas check --watch`: check again each time a file under data/ changes.

A fresh `fwatlas check` after an edit pays for starting Python and importing pydantic,
the models and the rules before it reads a byte (about 0.4 s here, several times a
whole check with nothing changed). A contributor editing facts wants the verdict the
moment the file is saved, so this keeps one process running: its imports, every
unchanged file's parsed and validated result (buildcache.FileResults) and the per-file
rules' problems (rulecache.RuleResults) stay in memory, and a change costs reading the
edited file and running the rules. Each round also stores the result cache, and a plain
`fwatlas check` (the pre-commit hook) typed meanwhile waits for that verdict rather than
computing its own (watchmark.py).

The operating system tells it when something under data/ changes (watchdog, which
MkDocs' own `serve` uses: inotify on Linux, FSEvents on macOS); what changed is then
decided by the files' sizes and modification times, and a look every second covers a
folder the system cannot watch (some network and container mounts).
"""
from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .buildcache import _files

INTERVAL = 1.0  # seconds between looks at data/ when no change was signalled (~240 files: ~1 ms)
SETTLE = 0.03  # a change is checked once the files look the same twice this far apart


def fingerprint(root: Path) -> tuple:
    """What a check reads, cheaply: every file under data/ with its size and modification
    time, and today's date (rules about dates change at midnight)."""
    seen = []
    for path in _files(root / "data"):
        try:
            st = os.stat(path)
        except OSError:  # removed between listing and stat: the next look sees it gone
            continue
        seen.append((str(path), st.st_size, st.st_mtime_ns))
    return dt.date.today(), tuple(seen)


def _signal(folder: Path):
    """(an Event set on every change under folder, the observer to stop), or (None, None)
    when the system cannot watch it: then only the looks every INTERVAL find changes."""
    try:
        from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileClosedEvent,
                                     FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent,
                                     FileSystemEventHandler)
        from watchdog.observers import Observer
    except ImportError:
        return None, None
    # writes only: without a filter the system also reports every file the check itself opens
    # and reads (hundreds per round), and handling them slows the check by half
    writes = [FileModifiedEvent, FileCreatedEvent, FileDeletedEvent, FileMovedEvent, FileClosedEvent,
              DirCreatedEvent, DirDeletedEvent, DirMovedEvent]
    changed = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            changed.set()

    observer = Observer()
    try:
        observer.schedule(Handler(), str(folder), recursive=True, event_filter=writes)
        observer.daemon = True
        observer.start()
    except Exception:  # noqa: BLE001 - out of inotify watches, an odd mount: fall back to looking
        return None, None
    return changed, observer


def watch(root: Path, check_once: Callable[[], int], interval: float = INTERVAL,
          rounds: int | None = None) -> int:
    """Run `check_once` now and after every change until Ctrl-C (or `rounds` checks, for tests)."""
    from .watchmark import announce, withdraw

    changed, observer = _signal(root / "data")
    announce(root)  # a plain check typed meanwhile waits for this process's verdict
    last = None
    done = 0
    try:
        while rounds is None or done < rounds:
            now = fingerprint(root)
            if now != last:
                time.sleep(SETTLE)  # an editor may still be writing the file: check what it ends as
                if fingerprint(root) != now:
                    continue
                last = now
                started = time.perf_counter()
                check_once()
                done += 1
                took = time.perf_counter() - started
                print(f"fwatlas check --watch: checked at {dt.datetime.now():%H:%M:%S} in {took:.2f} s; "
                      "watching data/ for changes (Ctrl-C stops)", file=sys.stderr, flush=True)
                continue  # look again at once: the file may have changed while it was checked
            if changed is None:
                time.sleep(interval)
            else:
                changed.wait(interval)
                changed.clear()
    except KeyboardInterrupt:
        print("fwatlas check --watch: stopped", file=sys.stderr)
    finally:
        withdraw(root)
        if observer is not None:
            observer.stop()
    return 0
