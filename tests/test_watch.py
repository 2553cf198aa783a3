"""`fwatlas check --watch` (issue 21's edit loop): one process that checks again on every
change under data/, reports exactly what a fresh `fwatlas check` reports, keeps going
through broken and odd files, and stops cleanly on Ctrl-C."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

import pytest
from pathlib import Path

from support import edit

FWATLAS = str(Path(sys.executable).parent / "fwatlas")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
DONE = "fwatlas check --watch: checked"


class Watcher:
    """`fwatlas check --watch` on a project; `next()` waits for its next verdict. Its stdout
    and stderr are read as one stream, so a round's problems come before its summary."""

    def __init__(self, root: Path):
        self.proc = subprocess.Popen([FWATLAS, "check", "--watch", "--root", str(root)], env=ENV,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self.rounds = threading.Semaphore(0)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)
            if line.startswith(DONE):
                self.rounds.release()

    def next(self, timeout: float = 60) -> tuple[str, str]:
        """(problems, summary line) of the next round."""
        at = len(self.lines)
        assert self.rounds.acquire(timeout=timeout), "no verdict:\n" + "".join(self.lines[-20:])
        end = next(i for i in range(at, len(self.lines)) if self.lines[i].startswith(DONE))
        shown = self.lines[at:end]
        return "".join(x for x in shown if not x.startswith("fwatlas check:")), \
            next(x for x in shown if x.startswith("fwatlas check:")).strip()

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=30)
        finally:
            self.proc.kill()


def _check(root: Path) -> tuple[str, str]:
    """(problems, summary line) of a fresh check without any cache."""
    out = subprocess.run([FWATLAS, "check", "--root", str(root)], env={**ENV, "FWATLAS_NO_CACHE": "1"},
                         capture_output=True, text=True, timeout=120)
    return out.stdout, out.stderr.strip().splitlines()[-1]


def test_watch_reports_what_a_fresh_check_reports_after_each_edit_and_stops_on_ctrl_c(tiny):
    w = Watcher(tiny)
    try:
        assert w.next(120) == _check(tiny)
        edit(tiny, "data/frameworks/alpha.yaml", replace=["value: eager", "value: unknown"])
        out, summary = w.next()
        assert "fact.unknown-note" in out and (out, summary) == _check(tiny)
        edit(tiny, "data/frameworks/alpha.yaml", replace=["value: unknown", "value: eager"])
        out, err = w.next()
        assert "fact.unknown-note" not in out
    finally:
        status = w.stop()
    assert status == 0 and w.lines[-1].strip() == "fwatlas check --watch: stopped"
    assert not any("Traceback" in line for line in w.lines)


def test_watch_keeps_going_through_broken_removed_and_odd_files(tiny):
    w = Watcher(tiny)
    try:
        w.next(120)
        edit(tiny, "data/tools/alpha-serving.yaml", content="id: [unclosed\n")
        out, _ = w.next()
        assert "data/tools/alpha-serving.yaml:" in out and "yaml." in out
        (tiny / "data/tools/alpha-serving.yaml").unlink()
        out, _ = w.next()
        assert "alpha-serving.yaml:1" not in out
        os.mkfifo(tiny / "data/tools/pipe.yaml")  # a named pipe must never block a read
        w.next()
        (tiny / "data/tools/pipe.yaml").unlink()
        w.next()
    finally:
        status = w.stop()
    assert status == 0
    assert not any("Traceback" in line for line in w.lines)


def test_a_named_pipe_under_data_does_not_hang_a_check(tiny):
    os.mkfifo(tiny / "data/frameworks/pipe.yaml")
    out = subprocess.run([FWATLAS, "check", "--root", str(tiny)], env=ENV, capture_output=True, text=True,
                         timeout=60)
    assert "Traceback" not in out.stderr and "fwatlas check:" in out.stderr


# -- a plain check typed while a watcher runs waits for the watcher's verdict (watchmark.py) --

def _timed_check(root: Path, env: dict | None = None) -> tuple[float, str, str]:
    import time
    started = time.perf_counter()
    out = subprocess.run([FWATLAS, "check", "--root", str(root)], env=env or ENV, capture_output=True, text=True,
                         timeout=120)
    return time.perf_counter() - started, out.stdout, out.stderr.strip().splitlines()[-1]


def test_a_plain_check_typed_right_after_an_edit_takes_the_watchers_verdict(tiny):
    w = Watcher(tiny)
    try:
        w.next(120)
        assert (tiny / ".cache/fwatlas/watch.json").is_file()
        edit(tiny, "data/frameworks/alpha.yaml", replace=["value: eager", "value: unknown"])
        _, out, summary = _timed_check(tiny)  # typed at once: the watcher may not have finished
        assert (out, summary) == _check(tiny)
        assert "fact.unknown-note" in out
    finally:
        assert w.stop() == 0
    assert not (tiny / ".cache/fwatlas/watch.json").exists()  # the watcher takes its mark away


@pytest.mark.parametrize("mark", [
    b'{"key": "CODE", "value": {"pid": 1}}',          # a process that is not ours, or gone
    b'{"key": "CODE", "value": {"pid": 999999999}}',  # no such process
    b'{"key": "other code", "value": {"pid": "SELF"}}',  # a watcher of other code
    b'{"key": "CODE", "value": {"pid": true}}', b"not json", b"[" * 100000,
])
def test_a_stale_foreign_or_broken_watch_mark_never_makes_a_check_wait(tiny, mark):
    from fwatlas import buildcache
    code = buildcache.code_digest()
    _timed_check(tiny)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        folder = tiny / ".cache/fwatlas"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "watch.json").write_bytes(mark.replace(b"CODE", code.encode())
                                            .replace(b'"SELF"', str(sleeper.pid).encode()))
        edit(tiny, "data/frameworks/alpha.yaml", replace=["value: eager", "value: unknown"])
        took, out, summary = _timed_check(tiny)
        assert (out, summary) == _check(tiny)
        assert took < 2.5  # WAIT is 3 s: it did not wait for a watcher that will never answer
    finally:
        sleeper.kill()
