"""Check, build and generate keep working when their surroundings are odd (issue #25):
no git on PATH, feeds cached before a new framework file, a cache entry of another
shape, a file where Jinja keeps its compiled templates."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import feedparser
import pytest

from fwatlas import buildcache, feed
from support import TINY
from test_build import ENV, MKDOCS
from test_feed import SITE, clear_caches, git

FWATLAS = Path(sys.executable).parent / "fwatlas"


def committed(project: Path) -> Path:
    """The project as a git clone with one data commit, so that feeds have history to show."""
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "data")
    git(project, "commit", "-q", "-m", "data")
    clear_caches()
    return project


def no_git_env(tmp_path: Path) -> dict:
    """The environment with a PATH where git cannot be found (the commands run by absolute path)."""
    bare = tmp_path / "bin-without-git"
    bare.mkdir(exist_ok=True)
    return {**ENV, "PATH": str(bare)}


# -- 2. no git on PATH ----------------------------------------------------------------
def test_without_git_the_feeds_have_no_history(tiny, tmp_path, monkeypatch):
    committed(tiny)
    assert feedparser.parse(feed.build_feeds(tiny, SITE)["feeds/atom.xml"]).entries  # with git: history
    clear_caches()
    monkeypatch.setenv("PATH", no_git_env(tmp_path)["PATH"])
    feeds = feed.build_feeds(tiny, SITE)
    assert sorted(feeds) == ["feeds/alpha.xml", "feeds/atom.xml", "feeds/beta.xml"]
    parsed = feedparser.parse(feeds["feeds/atom.xml"])
    assert not parsed.bozo and parsed.entries == []


def test_without_git_generate_and_mkdocs_build_work(tiny, tmp_path):
    committed(tiny)
    env = no_git_env(tmp_path)
    gen = subprocess.run([str(FWATLAS), "generate", str(tmp_path / "gen")], cwd=tiny, capture_output=True,
                         text=True, env=env)
    assert gen.returncode == 0, gen.stderr
    assert (tmp_path / "gen/docs/feeds/alpha.xml").is_file()
    built = subprocess.run(MKDOCS + ["build", "-f", str(tiny / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                           capture_output=True, text=True, env=env)
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
    assert feedparser.parse((tmp_path / "site/feeds/atom.xml").read_bytes()).entries == []


# -- 6. a huge data file in the history is not read -------------------------------------
def test_a_huge_blob_in_the_history_is_never_read(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    shutil.copytree(TINY / "data", repo / "data")
    huge = repo / "data/frameworks/huge.yaml"
    huge.write_text("id: huge\nname: " + "x" * 1_200_000 + "\n")  # past read_yaml's limit
    committed(repo)
    huge_sha = git(repo, "rev-parse", "HEAD:data/frameworks/huge.yaml")
    asked = []
    real = feed._blobs
    monkeypatch.setattr(feed, "_blobs", lambda root, shas: asked.extend(shas) or real(root, shas))
    feeds = feed.build_feeds(repo, SITE)
    assert asked and huge_sha not in asked
    assert "feeds/huge.xml" in feeds and "feeds/alpha.xml" in feeds
    titles = sorted(e.title.split(":")[0] for e in feedparser.parse(feeds["feeds/atom.xml"]).entries)
    assert titles == ["Alpha", "Beta"]  # it does not load, as in `fwatlas check`


# -- 4. a cache entry with the current key and another shape is a miss -------------------
def cache_file(project: Path, kind: str) -> Path:
    return project / ".cache" / "fwatlas" / f"{kind}.json"


def replace_value(project: Path, kind: str, value) -> None:
    """Keep the entry's key (the inputs did not change) and put another value under it."""
    entry = json.loads(cache_file(project, kind).read_text(encoding="utf-8"))
    cache_file(project, kind).write_text(json.dumps({"key": entry["key"], "value": value}), encoding="utf-8")


def check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(FWATLAS), "check"], cwd=project, capture_output=True, text=True, env=ENV)


@pytest.mark.parametrize("value", [
    "a string", [1, 2], {"counts": "3 frameworks", "problems": []}, {"counts": {}, "problems": {"a": 1}},
    {"counts": {"frameworks": 2}, "problems": [{"file": 1, "line": "one"}]},
    {"counts": {"frameworks": 2}, "problems": [{"file": "a", "line": 1, "col": 1, "rule": "r", "message": "m",
                                                "extra": "not a Problem field"}]},
])
def test_check_reads_a_wrong_shape_as_a_miss(tiny, value):
    first = check(tiny)
    assert first.returncode == 0 and cache_file(tiny, "check").is_file(), first.stderr
    replace_value(tiny, "check", value)
    again = check(tiny)
    assert again.returncode == 0, again.stderr
    assert again.stderr == first.stderr and "Traceback" not in again.stderr
    assert json.loads(cache_file(tiny, "check").read_text())["value"] != value  # stored afresh


def built(project: Path, site: Path) -> None:
    result = subprocess.run(MKDOCS + ["build", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
                            capture_output=True, text=True, env=ENV)
    assert result.returncode == 0, result.stderr


PAGE = {"path": "extra.md", "title": "t", "description": "d", "source": "data", "markdown": "# hi"}
NAV = {"topics": [], "frameworks": [{"All frameworks": "frameworks.md"}]}


@pytest.mark.parametrize("kind, value", [
    ("site", "a string"),
    ("site", {"problems": [], "pages": "none", "api": {}, "nav": NAV}),
    ("site", {"problems": [], "pages": [{"path": "extra.md"}], "api": {}, "nav": NAV}),
    ("site", {"problems": [], "pages": [PAGE], "api": {"x.json": 3}, "nav": NAV}),
    ("site", {"problems": [], "pages": [PAGE], "api": {}, "nav": {"topics": "not a list"}}),
    ("site", {"problems": [], "pages": [PAGE], "api": {}, "nav": {}}),  # mkdocs.yml names fwatlas:topics
    # paths that climb out of the site: the plugin writes these files after the build
    ("site", {"problems": [], "pages": [PAGE], "api": {"../../../escaped.json": "{}"}, "nav": NAV}),
    ("site", {"problems": [], "pages": [PAGE | {"path": "../../escaped.md"}], "api": {}, "nav": NAV}),
    ("feeds", ["feeds/atom.xml"]),
    ("feeds", {"feeds/atom.xml": {"not": "text"}}),
    ("feeds", {"feeds/../../escaped.xml": "<feed/>"}),
])
def test_the_build_reads_a_wrong_shape_as_a_miss(tiny, tmp_path, kind, value):
    built(tiny, tmp_path / "one")
    replace_value(tiny, kind, value)
    built(tiny, tmp_path / "two")
    assert not list(tmp_path.rglob("escaped.*"))
    for rel in ("index.html", "api/v1/frameworks.json", "feeds/atom.xml", "feeds/alpha.xml"):
        assert (tmp_path / "two" / rel).read_bytes() == (tmp_path / "one" / rel).read_bytes(), rel


def test_fresh_entries_have_the_shape_their_readers_expect(tiny, tmp_path):
    # a validator that refused real entries would turn the cache off without a word
    assert check(tiny).returncode == 0
    built(tiny, tmp_path / "site")
    for kind in ("check", "site", "feeds"):
        entry = json.loads(cache_file(tiny, kind).read_text(encoding="utf-8"))
        assert buildcache.load(tiny, kind, entry["key"]) == entry["value"], kind


def test_an_oversized_or_special_cache_file_is_a_miss(tmp_path, monkeypatch):
    buildcache.store(tmp_path, "feeds", "k", {"feeds/atom.xml": "x" * 1000})
    assert buildcache.load(tmp_path, "feeds", "k") is not None
    monkeypatch.setattr(buildcache, "MAX_ENTRY_BYTES", 500)
    assert buildcache.load(tmp_path, "feeds", "k") is None
    # a FIFO in place of the file: reading it would wait for a writer forever
    os.mkfifo(cache_file(tmp_path, "check"))
    result = []
    reader = threading.Thread(target=lambda: result.append(buildcache.load(tmp_path, "check", "k")), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert result == [None]


def test_a_failed_cache_write_leaves_no_partial_file(tmp_path, monkeypatch):
    def full_disk(self, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", full_disk)
    buildcache.store(tmp_path, "check", "k", {"counts": {}, "problems": []})
    assert [p.name for p in (tmp_path / ".cache" / "fwatlas").iterdir()] == []


# -- 3. the feeds cache covers the framework files --------------------------------------
def test_a_new_uncommitted_framework_gets_its_feed_from_a_cached_build(tiny, tmp_path):
    committed(tiny)
    built(tiny, tmp_path / "one")
    assert cache_file(tiny, "feeds").is_file() and not (tmp_path / "one/feeds/gamma.xml").exists()
    new = subprocess.run([str(FWATLAS), "new", "framework", "gamma"], cwd=tiny, capture_output=True, text=True)
    assert new.returncode == 0, new.stderr
    built(tiny, tmp_path / "two")  # same commit, one more framework file
    page = (tmp_path / "two/frameworks/gamma/index.html").read_text(encoding="utf-8")
    assert "feeds/gamma.xml" in page
    assert feedparser.parse((tmp_path / "two/feeds/gamma.xml").read_bytes()).feed.title.endswith("data changes")
    (tiny / "data/frameworks/gamma.yaml").unlink()
    built(tiny, tmp_path / "three")
    assert not (tmp_path / "three/feeds/gamma.xml").exists()


# -- 5. a file where Jinja keeps its compiled templates -----------------------------------
def jinja_default(tmpdir: Path) -> Path:
    return tmpdir / f"_jinja2-cache-{os.getuid()}"


def test_a_file_at_jinjas_cache_folder_does_not_stop_generate(tiny, tmp_path):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    jinja_default(tmpdir).write_text("not a folder")
    result = subprocess.run([str(FWATLAS), "generate", str(tmp_path / "out")], cwd=tiny, capture_output=True,
                            text=True, env={**ENV, "TMPDIR": str(tmpdir)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/docs/compare.md").is_file()
    assert jinja_default(tmpdir).read_text() == "not a folder"


def test_rendering_falls_back_to_the_project_cache_then_to_none(tiny, tmp_path, monkeypatch):
    import tempfile

    from fwatlas.load import load
    from fwatlas.render import render_site
    from fwatlas.render.jinja_env import bytecode_cache, environment

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
    jinja_default(tmp_path).write_text("not a folder")
    kb, _ = load(tiny)
    expected = {p.path: p.markdown for p in render_site(kb)}
    assert (tiny / ".cache/fwatlas/jinja").is_dir()  # compiled templates went to the project instead
    assert any((tiny / ".cache/fwatlas/jinja").iterdir())
    assert {p.path: p.markdown for p in render_site(kb)} == expected  # read back from there
    # no usable folder at all: no cache, same pages
    shutil.rmtree(tiny / ".cache")
    (tiny / ".cache").write_text("a file where the folder would go")
    assert bytecode_cache(tiny) is None and bytecode_cache() is None
    assert {p.path: p.markdown for p in render_site(kb)} == expected
    # a cache folder that disappears while rendering only means compiling again
    (tiny / ".cache").unlink()
    env = environment(tiny)
    shutil.rmtree(tiny / ".cache/fwatlas/jinja")
    assert env.get_template("rules.md.j2") is not None
