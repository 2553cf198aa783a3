"""`fwatlas generate OUT` deletes only what it wrote (issue #25): it refuses the project,
its data, docs, overrides and .git, a symbolic link, a file and a folder of someone
else's; it swaps the new site in at the end, so a failure leaves the old one intact."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fwatlas.cli import main
MARKER = ".fwatlas-generated"  # the marker generate leaves in its output
from support import make_project

FWATLAS = Path(sys.executable).parent / "fwatlas"


def run(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(FWATLAS), "generate", *args], cwd=project, capture_output=True, text=True,
                          env=env)


def assert_refused(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("fwatlas generate: "), result.stderr
    assert words in result.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".fwatlas-tmp-" in p.name or ".fwatlas-old-" in p.name)


def test_refuses_the_project_folder(tiny):
    before = snapshot(tiny / "data")
    assert_refused(run(tiny, "."), "is the project folder or contains it")
    assert snapshot(tiny / "data") == before and (tiny / "mkdocs.yml").is_file()


def test_refuses_an_ancestor_of_the_project(tmp_path):
    project = make_project(tmp_path / "parent" / "tiny")
    (tmp_path / "parent" / "mine.txt").write_text("keep me")
    assert_refused(run(project, ".."), "is the project folder or contains it")
    assert (tmp_path / "parent" / "mine.txt").read_text() == "keep me"
    assert (project / "data" / "frameworks" / "alpha.yaml").is_file()


@pytest.mark.parametrize("out", ["data", "data/frameworks", "docs", "docs/x", "overrides", "overrides/new",
                                 ".git", ".git/out"])
def test_refuses_the_project_folders_and_what_is_inside_them(tiny, out):
    (tiny / ".git").mkdir()
    (tiny / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    before, existed = snapshot(tiny), (tiny / out).exists()
    assert_refused(run(tiny, out), f"is the project's {out.split('/')[0]}/ or inside it")
    assert snapshot(tiny) == before and (tiny / out).exists() == existed


def test_refuses_a_symbolic_link_and_leaves_its_target_alone(tiny, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "thesis.tex").write_text("years of work")
    (tiny / "out").symlink_to(elsewhere, target_is_directory=True)
    assert_refused(run(tiny, "out"), "is a symbolic link")
    assert (elsewhere / "thesis.tex").read_text() == "years of work"
    assert (tiny / "out").is_symlink()


def test_refuses_a_symbolic_link_even_to_its_own_output(tiny, tmp_path):
    assert run(tiny, str(tmp_path / "real")).returncode == 0
    (tiny / "out").symlink_to(tmp_path / "real", target_is_directory=True)
    assert_refused(run(tiny, "out"), "is a symbolic link")
    assert (tmp_path / "real" / MARKER).is_file()


def test_refuses_a_regular_file(tiny):
    (tiny / "notes.md").write_text("my notes")
    assert_refused(run(tiny, "notes.md"), "is a file, not a folder")
    assert (tiny / "notes.md").read_text() == "my notes"


def test_refuses_a_folder_it_did_not_write(tiny):
    (tiny / "mine").mkdir()
    (tiny / "mine" / "notes.txt").write_text("mine")
    assert_refused(run(tiny, "mine"), f"was not written by fwatlas generate (no {MARKER})")
    assert snapshot(tiny / "mine") == {"notes.txt": b"mine"}
    assert leftovers(tiny) == []


def test_a_marker_that_is_a_link_does_not_count(tiny, tmp_path):
    (tmp_path / "marker").write_text("")
    (tiny / "mine").mkdir()
    (tiny / "mine" / "notes.txt").write_text("mine")
    (tiny / "mine" / MARKER).symlink_to(tmp_path / "marker")
    assert_refused(run(tiny, "mine"), "was not written by fwatlas generate")
    assert (tiny / "mine" / "notes.txt").read_text() == "mine"


def test_writes_a_new_or_empty_folder_and_replaces_its_own_output(tiny):
    (tiny / "empty").mkdir()
    first = run(tiny, "empty")
    assert first.returncode == 0, first.stderr
    assert (tiny / "empty" / MARKER).is_file() and (tiny / "empty" / "mkdocs.yml").is_file()
    assert "build it with" in first.stderr
    before = snapshot(tiny / "empty")
    (tiny / "empty" / "docs" / "stale.md").write_text("from an older run")
    again = run(tiny, "empty")
    assert again.returncode == 0, again.stderr
    assert snapshot(tiny / "empty") == before  # replaced as a whole: the stale page is gone
    assert leftovers(tiny) == []
    # parents are created (make zensical writes build/zensical in a fresh checkout)
    assert run(tiny, "build/zensical").returncode == 0 and (tiny / "build" / "zensical" / MARKER).is_file()


def test_the_output_is_readable_by_others(tiny):
    # mkdtemp makes a private folder; the site is meant to be served
    assert run(tiny, "out").returncode == 0
    assert oct((tiny / "out").stat().st_mode & 0o777) == oct(0o777 & ~current_umask())


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_parent_that_is_a_file_is_one_line(tiny):
    (tiny / "afile").write_text("x")
    result = run(tiny, "afile/out")
    assert_refused(result, "fwatlas generate: cannot write afile/out: ")
    assert (tiny / "afile").read_text() == "x"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_parent_is_one_line(tiny, tmp_path):
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o500)
    try:
        assert_refused(run(tiny, str(parent / "out")), "cannot write")
    finally:
        parent.chmod(0o700)


def _generated(tiny: Path, out: Path) -> dict[str, bytes]:
    assert main(["generate", str(out), "--root", str(tiny)]) == 0
    return snapshot(out)


def test_a_full_disk_midway_leaves_the_old_output_and_no_temporary_folder(tiny, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    before = _generated(tiny, out)
    capsys.readouterr()
    calls = {"n": 0}
    real = Path.write_bytes

    def full_disk(self, data):
        calls["n"] += 1
        if calls["n"] == 5:  # some pages are written, the rest are not
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    assert main(["generate", str(out), "--root", str(tiny)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"fwatlas generate: cannot write {out}: No space left on device") and err.count("\n") == 1
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_a_failed_swap_puts_the_old_output_back(tiny, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    before = _generated(tiny, out)
    real = os.rename

    def rename(src, dst):
        if ".fwatlas-tmp-" in str(src):  # the new site into place
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(src))
        return real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    assert main(["generate", str(out), "--root", str(tiny)]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_an_interrupt_midway_removes_the_temporary_folder(tiny, tmp_path, monkeypatch):
    out = tmp_path / "out"
    before = _generated(tiny, out)
    import fwatlas.feed

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(fwatlas.feed, "build_feeds", interrupted)
    with pytest.raises(KeyboardInterrupt):
        main(["generate", str(out), "--root", str(tiny)])
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_bad_data_leaves_the_old_output(tiny, tmp_path):
    out = tmp_path / "out"
    before = _generated(tiny, out)
    alpha = tiny / "data/frameworks/alpha.yaml"
    alpha.write_text(alpha.read_text().replace("value: eager", "value: eagre", 1))
    assert main(["generate", str(out), "--root", str(tiny)]) == 1
    assert snapshot(out) == before


def test_a_path_outside_docs_is_never_written(tiny, tmp_path, monkeypatch, capsys):
    # every file is written at docs/<path>; a path that climbs out is refused, not followed
    import fwatlas.export

    real = fwatlas.export.api_files
    monkeypatch.setattr(fwatlas.export, "api_files", lambda kb: real(kb) | {"../../../../../escaped.json": "{}"})
    assert main(["generate", str(tmp_path / "a" / "out"), "--root", str(tiny)]) == 2
    assert "not a plain relative path" in capsys.readouterr().err
    assert not list(tmp_path.rglob("escaped.json"))
    assert not (tmp_path / "a" / "out").exists() and leftovers(tmp_path / "a") == []


def test_a_link_on_the_way_into_the_project_folders_is_seen_through(tiny, tmp_path):
    # OUT itself is no link, but a folder on its way is: what counts is where it lands
    (tmp_path / "shortcut").symlink_to(tiny / "docs", target_is_directory=True)
    before = snapshot(tiny / "docs")
    assert_refused(run(tiny, str(tmp_path / "shortcut" / "site")), "is the project's docs/ or inside it")
    assert snapshot(tiny / "docs") == before and not (tiny / "docs" / "site").exists()
