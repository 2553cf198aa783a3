"""Run one computation in a forked copy of the process while the caller does another.

The build needs the rules' problems and the API files, and the pages; all three only read
the loaded data. A forked child shares that data copy-on-write (nothing to import, load or
send), computes its part on the second core and sends back the result through a pipe,
pickled. Only on Linux, where fork is cheap and safe for pure-Python work, and only in a
process that runs one thread; elsewhere, or with FWATLAS_NO_FORK=1, the computation simply
runs first, in this process. Either way the result is the same.
"""
from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Callable, Iterator
from typing import Any


def enabled() -> bool:
    """Fork only on Linux and only while this process runs one thread: a thread that holds a
    lock when the process forks leaves the child waiting for it (`mkdocs serve` runs a web
    server and a file watcher in threads, so its rebuilds compute one after the other)."""
    import threading

    return (sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1
            and os.environ.get("FWATLAS_NO_FORK", "") in ("", "0"))


class ChildFailed(RuntimeError):
    pass


@contextlib.contextmanager
def in_child(fn: Callable[[], Any]) -> Iterator[Callable[[], Any]]:
    """`with in_child(fn) as result:` runs fn() in a child; result() waits for its value (or
    raises ChildFailed with the child's traceback). The child is always reaped on exit."""
    if not enabled():
        value = fn()
        yield lambda: value
        return
    sys.stdout.flush()
    sys.stderr.flush()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running the parent's exit code
        status = 1
        try:
            os.close(read)
            try:
                payload = pickle.dumps((True, fn()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:  # noqa: BLE001 - every failure goes back to the parent
                import traceback

                payload = pickle.dumps((False, traceback.format_exc()), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as out:
                out.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    done: list = []

    def result():
        if not done:
            with os.fdopen(read, "rb") as pipe:
                data = pipe.read()
            os.waitpid(pid, 0)
            done.append(pickle.loads(data) if data else (False, "the child process died"))
        ok, value = done[0]
        if not ok:
            raise ChildFailed(f"the forked computation failed:\n{value}")
        return value

    try:
        yield result
    finally:
        if not done:
            with contextlib.suppress(Exception):
                result()
