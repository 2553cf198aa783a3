"""The edit loop (issue 21): each data file's parsed and validated result is kept by its bytes
(buildcache.FileResults), a `mkdocs serve` keeps its last build in memory and checks on a
forked copy while it renders (parallel.in_child). None of it may change a byte of output:
after an edit, check and build give exactly what they give without any cache."""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from fwatlas import buildcache, parallel
from fwatlas.load import load
from support import edit

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
NO_CACHE = {**ENV, "FWATLAS_NO_CACHE": "1"}
FWATLAS = str(Path(sys.executable).parent / "fwatlas")
# an edit that changes what the rules report (an unknown value needs a note: fact.unknown-note)
EDIT = ("data/frameworks/alpha.yaml", ["value: eager", "value: unknown"])


def _check(root: Path, env: dict) -> tuple[int, str]:
    out = subprocess.run([FWATLAS, "check", "--format", "json", "--root", str(root)], capture_output=True,
                         text=True, env=env)
    return out.returncode, out.stdout


def _files(root: Path) -> set[str]:
    folder = root / buildcache.CACHE_DIR / buildcache.FILES_DIR
    return {p.name for p in folder.glob("*.pickle")} if folder.is_dir() else set()


def test_check_after_an_edit_equals_a_check_without_any_cache(tiny):
    first = _check(tiny, ENV)
    kept = _files(tiny)
    assert len(kept) >= 10  # one result per data file
    edit(tiny, EDIT[0], replace=EDIT[1])
    after = _check(tiny, ENV)
    assert after == _check(tiny, NO_CACHE)
    assert after != first and after[0] == 1
    # the edited file's own problem, and one the edit causes in another file (a cross-file rule)
    assert "fact.unknown-note" in after[1] and "data/claims/alpha-graph-first.yaml" in after[1]
    now = _files(tiny)
    assert len(now - kept) == 1 and len(kept - now) == 1  # the edited file's old result is gone


def _build(root: Path, out: Path, env: dict) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(root / "mkdocs.yml"),
                             "-d", str(out)], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr


def _same_tree(a: Path, b: Path) -> None:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    different = [str(p) for p in files_a if (a / p).read_bytes() != (b / p).read_bytes()]
    assert different == []


def test_build_after_an_edit_is_byte_identical_to_a_build_without_any_cache(tiny, tmp_path):
    _build(tiny, tmp_path / "first", ENV)           # fills the site and file caches
    edit(tiny, "data/frameworks/alpha.yaml", replace=["Alpha", "Alpha Prime"])
    _build(tiny, tmp_path / "cached", ENV)          # every other file from the cache
    _build(tiny, tmp_path / "plain", NO_CACHE)
    _same_tree(tmp_path / "cached", tmp_path / "plain")
    assert "Alpha Prime" in (tmp_path / "cached/frameworks/alpha/index.html").read_text()


def test_a_serve_rebuild_after_an_edit_is_byte_identical(tiny, tmp_path, monkeypatch):
    """As `mkdocs serve` does: the plugin object lives across builds (on_startup), so the
    rebuild reuses the files in memory, checks in a forked child while it renders, and reuses
    the converted HTML of the pages whose Markdown did not change."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(tiny)

    def config(site: Path):
        return load_config(config_file=str(tiny / "mkdocs.yml"), site_dir=str(site))

    first = config(tmp_path / "serve")
    first.plugins.on_startup(command="serve", dirty=False)
    build(first)
    plugin = first.plugins["fwatlas"]
    assert plugin.serving and plugin.unsaved is not None  # written when serve stops, not on every rebuild
    edit(tiny, EDIT[0], replace=["Alpha", "Alpha Prime"])
    again = config(tmp_path / "serve")
    again.plugins = first.plugins
    before = dict(plugin.converted)
    build(again)
    key = plugin.last[0]
    reused = [k for k in plugin.converted if k in before and plugin.converted[k] is before[k]]
    assert 0 < len(reused) < len(plugin.converted)  # unchanged pages were not converted again, edited ones were
    _build(tiny, tmp_path / "plain", NO_CACHE)
    _same_tree(tmp_path / "serve", tmp_path / "plain")
    first.plugins.on_shutdown()
    assert plugin.unsaved is None
    assert json.loads((tiny / ".cache/fwatlas/site.json").read_text())["key"] == key


def test_a_data_error_found_by_the_rules_stops_the_parallel_build(tiny, tmp_path):
    edit(tiny, "data/frameworks/alpha.yaml", replace=["value: eager", "value: nonsense-mode"])
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(tiny / "mkdocs.yml"),
                             "-d", str(tmp_path / "site")], capture_output=True, text=True, env=ENV)
    assert result.returncode != 0
    assert "Framework Atlas data has problems" in result.stderr and "alpha.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_foreign_cache_entry_is_a_miss_and_never_runs(tiny, tmp_path):
    load(tiny)
    folder = tiny / buildcache.CACHE_DIR / buildcache.FILES_DIR
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    for entry in folder.glob("*.pickle"):  # every entry replaced by a payload that would run a command
        entry.write_bytes(pickle.dumps(Evil()))
    buildcache._memory.clear()
    kb, problems = load(tiny)
    assert not marker.exists()
    assert "alpha" in kb.frameworks and problems == load_without_cache(tiny)


def load_without_cache(root: Path):
    old = os.environ.get("FWATLAS_NO_CACHE")
    os.environ["FWATLAS_NO_CACHE"] = "1"
    try:
        return load(root)[1]
    finally:
        if old is None:
            del os.environ["FWATLAS_NO_CACHE"]
        else:
            os.environ["FWATLAS_NO_CACHE"] = old


def test_a_cached_document_decodes_its_positions_on_first_use(tiny):
    from fwatlas.yamlfile import read_yaml

    path = tiny / "data/frameworks/alpha.yaml"
    doc, _ = read_yaml(path, "data/frameworks/alpha.yaml")
    back = pickle.loads(pickle.dumps(doc))
    assert "_positions" in back.__dict__ and "values" not in back.__dict__
    assert back.where(("facts",)) == doc.where(("facts",))
    assert back == doc and "_positions" not in back.__dict__


def test_the_forked_child_gives_what_the_process_would(monkeypatch):
    import threading

    monkeypatch.setattr(threading, "active_count", lambda: 1)  # other tests' browsers may run threads
    assert parallel.enabled() == sys.platform.startswith("linux")
    with parallel.in_child(lambda: {"a": [1, 2], "b": "x" * 200_000}) as result:
        assert result() == {"a": [1, 2], "b": "x" * 200_000}
    if parallel.enabled():
        with pytest.raises(parallel.ChildFailed, match="ZeroDivisionError"):
            with parallel.in_child(lambda: 1 / 0) as result:
                result()
    monkeypatch.setenv("FWATLAS_NO_FORK", "1")
    assert not parallel.enabled()
    with parallel.in_child(lambda: os.getpid()) as result:
        assert result() == os.getpid()


def test_a_process_with_threads_does_not_fork():
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.enabled()
        with parallel.in_child(lambda: os.getpid()) as result:
            assert result() == os.getpid()
    finally:
        stop.set()
        thread.join()


# -- per-file rules (rulecache.RuleResults): kept by each file's bytes and the rule's context --
NOTE = ("data/frameworks/alpha.yaml", ["note: Wheels of release 2.0.", "note: We built wheels; see execution.python."])


def test_a_per_file_rules_verdict_follows_an_edit_of_its_file(tiny):
    clean = _check(tiny, ENV)
    assert (tiny / buildcache.CACHE_DIR / "rules.json").is_file()
    edit(tiny, *NOTE[:1], replace=NOTE[1])
    after = _check(tiny, ENV)
    assert after == _check(tiny, NO_CACHE)
    assert "first person" in after[1] and "names the dimension id 'execution.python'" in after[1]
    edit(tiny, NOTE[0], replace=NOTE[1][::-1])  # and back: the old verdict, from the cache or not
    assert _check(tiny, ENV) == clean


def test_a_per_file_rules_verdict_follows_the_context_it_reads(tiny):
    edit(tiny, *NOTE[:1], replace=NOTE[1])
    before = _check(tiny, ENV)
    assert "readers see the row as 'Python versions'" in before[1]
    # the hint names the row's label, which lives in another file: a new label, a new hint
    edit(tiny, "data/dimensions.yaml", replace=["label: Python versions", "label: Supported Pythons"])
    after = _check(tiny, ENV)
    assert after == _check(tiny, NO_CACHE) and "readers see the row as 'Supported Pythons'" in after[1]


@pytest.mark.parametrize("content", [b"not json", b'{"key": 1, "value": []}', b"[" * 100000,
                                     b'{"key": "x", "value": {"e": [{"file": 1}]}}'])
def test_a_broken_or_foreign_rules_file_is_a_miss(tiny, content):
    expected = _check(tiny, NO_CACHE)
    _check(tiny, ENV)
    (tiny / buildcache.CACHE_DIR / "rules.json").write_bytes(content)
    edit(tiny, *NOTE[:1], replace=NOTE[1])  # the other files' entries must come from somewhere
    after = _check(tiny, ENV)
    assert after == _check(tiny, NO_CACHE) != expected
