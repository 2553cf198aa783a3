"""The collector: every URL of a tiny data folder, with file, line and column."""
from __future__ import annotations

import shutil
from pathlib import Path

from fwatlas.links.collect import collect_data, collect_site, own_prefixes
from fwatlas.load import load

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"


def position(root: Path, rel: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """(line, col) of the nth line of a file that ends with needle."""
    hits = [(n, line.index(needle) + 1) for n, line in
            enumerate((root / rel).read_text(encoding="utf-8").splitlines(), 1) if line.endswith(needle)]
    return hits[nth]


def test_collects_sources_homepages_url_values_with_positions(tmp_path):
    root = tmp_path / "tiny"
    shutil.copytree(TINY / "data", root / "data")
    tool = root / "data" / "tools" / "alpha-serving.yaml"
    tool.write_text(tool.read_text(encoding="utf-8").replace(
        "summary: Serves", "homepage: https://serving.example.org/\nsummary: Serves"), encoding="utf-8")
    alpha = root / "data" / "frameworks" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace(
        "        title: Launch post",
        "        title: Launch post\n        archived: https://web.archive.org/web/2016/https://alpha.example.org/blog/launch")
        + "lineage:\n  - relation: influenced-by\n    target: beta\n    sources:\n"
          "      - url: https://alpha.example.org/history\n        title: History\n", encoding="utf-8")
    kb, problems = load(root)
    assert not [p for p in problems if p.severity == "error"], problems

    found = collect_data(kb)

    expected = {
        "https://alpha.example.org/", "https://alpha.example.org/api", "https://alpha.example.org/blog/launch",
        "https://alpha.example.org/gpu", "https://alpha.example.org/jit", "https://alpha.example.org/install",
        "https://alpha.example.org/old",
        "https://alpha.example.org/release-1.0", "https://alpha.example.org/release-1.10",
        "https://alpha.example.org/release-2.0", "https://alpha.example.org/serving",
        "https://beta.example.org/", "https://beta.example.org/docs", "https://beta.example.org/gpu",
        "https://github.com/example/alpha", "https://github.com/example/beta",
        # added above: a tool homepage, an archived copy, a lineage source
        "https://serving.example.org/", "https://alpha.example.org/history",
        "https://web.archive.org/web/2016/https://alpha.example.org/blog/launch",
    }
    assert set(found) == expected
    # every source the knowledge base knows is collected
    assert {s.url for s, _ in kb.all_sources()} <= set(found)

    fw = "data/frameworks/alpha.yaml"
    [home, status_source] = sorted(found["https://alpha.example.org/"])
    assert (home.file, home.line, home.col) == (fw, *position(root, fw, "https://alpha.example.org/"))
    assert home.what == "homepage of alpha"
    assert (status_source.line, status_source.col) == position(root, fw, "https://alpha.example.org/", 1)
    # a url-type fact value and the source of the same URL
    repo = sorted(found["https://github.com/example/alpha"])
    assert [(c.line, c.col) for c in repo] == [position(root, fw, "https://github.com/example/alpha", i)
                                              for i in (0, 1)]
    assert repo[0].what == "value of alpha:history.repository"
    [lineage] = found["https://alpha.example.org/history"]
    assert lineage.line == position(root, fw, "https://alpha.example.org/history")[0]
    [tool_home] = found["https://serving.example.org/"]
    assert (tool_home.file, tool_home.what) == ("data/tools/alpha-serving.yaml", "homepage of tool alpha-serving")
    # one URL cited in two files keeps both places
    assert {c.file for c in found["https://alpha.example.org/serving"]} == {fw, "data/tools/alpha-serving.yaml"}


def test_site_links_skip_the_atlas_own_site_and_repository(tmp_path, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    (tmp_path / "mkdocs.yml").write_text(
        "site_url: !ENV [SITE_URL, 'https://atlas.example.org/atlas/']\n"
        "repo_url: https://github.com/atlas/atlas\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8")
    assert own_prefixes(tmp_path) == ["https://atlas.example.org/atlas", "https://github.com/atlas/atlas"]
    site = tmp_path / "site"
    (site / "page").mkdir(parents=True)
    (site / "page" / "index.html").write_text(
        '<html><head><link rel="canonical" href="https://atlas.example.org/atlas/page/"></head><body>\n'
        '<a href="https://other.example.org/a?x=1&amp;y=2">a</a>\n'
        '<a href="https://github.com/atlas/atlas/issues/new?title=x">report</a>\n'
        '<a href="https://github.com/atlas/atlas-other">not ours</a>\n'
        '<a href="../relative/">internal</a> <a href="mailto:x@example.org">mail</a>\n'
        "</body></html>", encoding="utf-8")
    found = collect_site(site, "site", own_prefixes(tmp_path))
    assert set(found) == {"https://other.example.org/a?x=1&y=2", "https://github.com/atlas/atlas-other"}
    [place] = found["https://other.example.org/a?x=1&y=2"]
    assert (place.file, place.line, place.col) == ("site/page/index.html", 2, 1)
