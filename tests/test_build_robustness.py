"""Check, build and generate keep working when their surroundings are odd (issue #25):
no git on PATH, feeds cached before a new framework file, a cache entry of another
shape, a file where Jinja keeps its compiled templates."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser

from fwatlas import feed
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
