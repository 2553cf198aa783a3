"""The Atom feeds of data changes: built from a git history made here with fixed
dates, parsed with a feed parser, identical on every build."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest

from support import TINY, edit
from fwatlas import feed

SITE = "https://example.org/atlas/"
FIRST, SECOND, THIRD = "2026-11-01T10:00:00+00:00", "2026-11-20T08:30:00+01:00", "2026-11-21T12:00:00+00:00"


def git(repo: Path, *args: str, date: str = FIRST) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


def clear_caches():
    feed._ENTITIES.clear()
    feed._TREES.clear()
    feed._DIFFS.clear()


@pytest.fixture
def history(tmp_path) -> Path:
    """Three commits: the tiny data; a fact changed in each framework and an Alpha
    release added; a change outside data/ (which makes no entry)."""
    repo = tmp_path / "repo"
    shutil.copytree(TINY / "data", repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "data", date=FIRST)
    edit(repo, "data/frameworks/alpha.yaml", replace=["  execution.gpu:\n    value: official",
                                                      "  execution.gpu:\n    value: experimental"])
    edit(repo, "data/frameworks/alpha.yaml", replace=[
        'releases:\n', 'releases:\n  - version: "2.1"\n    date: 2026-11-19\n    sources:\n'
        '      - url: https://alpha.example.org/release-2.1\n        title: Release 2.1\n'])
    edit(repo, "data/frameworks/beta.yaml", replace=["note: Beta lives inside Alpha's repository.",
                                                     "note: Beta lives inside Alpha's main repository."])
    git(repo, "commit", "-q", "-am", "facts", date=SECOND)
    (repo / "README.md").write_text("not data\n")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "readme", date=THIRD)
    clear_caches()
    return repo


def test_site_feed_is_valid_atom(history):
    feeds = feed.build_feeds(history, SITE)
    assert sorted(feeds) == ["feeds/alpha.xml", "feeds/atom.xml", "feeds/beta.xml"]
    assert feeds["feeds/atom.xml"].startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"")
    parsed = feedparser.parse(feeds["feeds/atom.xml"])
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    f = parsed.feed
    assert f.id == SITE + "feeds/atom.xml"
    assert f.title == "Framework Atlas: data changes"
    # the newest commit that touched data/, in UTC; never the time of the build
    assert f.updated == "2026-11-20T07:30:00+00:00"
    assert {(link.rel, link.href) for link in f.links} == {("self", SITE + "feeds/atom.xml"), ("alternate", SITE)}
    assert f.author == "Framework Atlas"

    second = git(history, "rev-parse", "HEAD~1")
    first = git(history, "rev-parse", "HEAD~2")
    titles = [(e.title, e.updated) for e in parsed.entries]
    assert titles == [
        ("Alpha: 1 fact changed, release 2.1 added", "2026-11-20T07:30:00+00:00"),
        ("Beta: 1 fact changed", "2026-11-20T07:30:00+00:00"),
        (f"Alpha: added ({len(_facts('alpha'))} facts, 3 releases)", "2026-11-01T10:00:00+00:00"),
        (f"Beta: added ({len(_facts('beta'))} facts, 0 releases)", "2026-11-01T10:00:00+00:00"),
    ]
    alpha = parsed.entries[0]
    assert alpha.id == f"tag:example.org,2026-11-20:atlas/changes/{second}/alpha"
    assert parsed.entries[2].id == f"tag:example.org,2026-11-01:atlas/changes/{first}/alpha"
    assert alpha.link == SITE + "frameworks/alpha/"
    assert alpha.content[0].type == "text/html"
    html = alpha.content[0].value
    assert "<li>fact <code>execution.gpu</code> changed (value): official → experimental</li>" in html
    assert "<li>release 2.1 (2026-11-19) added</li>" in html
    assert f'<a href="{SITE}frameworks/alpha/">' in html
    beta = parsed.entries[1]
    assert "changed (note)" in beta.content[0].value


def _facts(fw_id: str) -> list[str]:
    import yaml
    return list(yaml.safe_load((TINY / "data" / "frameworks" / f"{fw_id}.yaml").read_text())["facts"])


def test_per_framework_feed(history):
    parsed = feedparser.parse(feed.build_feeds(history, SITE)["feeds/beta.xml"])
    assert not parsed.bozo
    assert parsed.feed.id == SITE + "feeds/beta.xml"
    assert parsed.feed.title == "Framework Atlas: Beta data changes"
    assert parsed.feed.updated == "2026-11-20T07:30:00+00:00"
    assert ("alternate", SITE + "frameworks/beta/") in {(link.rel, link.href) for link in parsed.feed.links}
    assert [e.title for e in parsed.entries] == ["Beta: 1 fact changed",
                                                 f"Beta: added ({len(_facts('beta'))} facts, 0 releases)"]
    site = feedparser.parse(feed.build_feeds(history, SITE)["feeds/atom.xml"])
    # the same entry, with the same id, in the site-wide feed
    assert {e.id for e in parsed.entries} <= {e.id for e in site.entries}


def test_building_twice_gives_identical_bytes(history):
    once = feed.build_feeds(history, SITE)
    clear_caches()
    again = feed.build_feeds(history, SITE)
    assert once == again
    assert feed.build_feeds(history, SITE) == once  # from the caches


def test_entry_matches_fwatlas_diff(history):
    # the feed reads the history blob by blob; the data diff loads whole trees: same answer
    from fwatlas.datadiff import diff, load_at
    _, changes = feed.changes(history)
    ref = diff(load_at(history, "HEAD~2"), load_at(history, "HEAD~1"))
    assert {c.framework_id: c.entry for c in changes if c.commit.sha == git(history, "rev-parse", "HEAD~1")} \
        == ref["frameworks"]


def test_outside_git_the_feeds_are_empty_and_still_valid(tmp_path):
    shutil.copytree(TINY / "data", tmp_path / "data")
    feeds = feed.build_feeds(tmp_path, SITE)
    assert sorted(feeds) == ["feeds/alpha.xml", "feeds/atom.xml", "feeds/beta.xml"]
    parsed = feedparser.parse(feeds["feeds/atom.xml"])
    assert not parsed.bozo and parsed.entries == [] and parsed.feed.updated == "1970-01-01T00:00:00+00:00"


def test_alternate_links():
    assert feed.alternate_links() == [{"rel": "alternate", "type": "application/atom+xml",
                                       "href": "feeds/atom.xml", "title": "Framework Atlas: data changes"}]
    links = feed.alternate_links("alpha", "Alpha")
    assert [link["href"] for link in links] == ["feeds/atom.xml", "feeds/alpha.xml"]
    assert links[1]["title"] == "Framework Atlas: Alpha data changes"


def test_write_feeds(history, tmp_path):
    written = feed.write_feeds(history, tmp_path / "site", SITE)
    assert sorted(p.relative_to(tmp_path / "site").as_posix() for p in written) == [
        "feeds/alpha.xml", "feeds/atom.xml", "feeds/beta.xml"]


def test_theme_head_links_the_page_feeds():
    # overrides/main.html's extrahead block, on a stand-in for Material's base.html
    from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader
    from support import REPO
    env = Environment(loader=ChoiceLoader([
        DictLoader({"base.html": "{% block extrahead %}{% endblock %}{% block scripts %}{% endblock %}"}),
        FileSystemLoader(REPO / "overrides")]))
    env.filters["url"] = lambda value: "../" + value  # MkDocs: relative to the page
    html = env.get_template("main.html").render(page={"meta": {"feeds": feed.alternate_links("alpha", "A&B")}})
    assert ('<link rel="alternate feed" type="application/atom+xml" href="../feeds/atom.xml" '
            'title="Framework Atlas: data changes">') in html
    assert 'href="../feeds/alpha.xml" title="Framework Atlas: A&amp;B data changes">' in html
    assert "application/atom+xml" not in env.get_template("main.html").render(page={"meta": {}})


def test_a_shallow_clone_does_not_pretend_everything_was_added(history, tmp_path):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{history}", str(shallow)], check=True,
                   capture_output=True)
    # depth 2 holds the README commit and the "facts" commit, whose parent is cut off
    parsed = feedparser.parse(feed.build_feeds(shallow, SITE)["feeds/atom.xml"])
    assert parsed.entries == [] and parsed.feed.updated == "1970-01-01T00:00:00+00:00"
    deeper = tmp_path / "deeper"
    subprocess.run(["git", "clone", "-q", "--depth", "3", f"file://{history}", str(deeper)], check=True,
                   capture_output=True)
    titles = [e.title for e in feedparser.parse(feed.build_feeds(deeper, SITE)["feeds/atom.xml"]).entries]
    assert titles == ["Alpha: 1 fact changed, release 2.1 added", "Beta: 1 fact changed"]
