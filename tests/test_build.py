"""Real `mkdocs build --strict` runs, on the tiny fixture and on the repository's own data."""
from __future__ import annotations

import re

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO, edit
from fwatlas.sitelinks import check_site

MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
BASE_PATH = "/framework-atlas/"  # the path of site_url in mkdocs.yml


def build(project: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(MKDOCS + ["build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(out)],
                          capture_output=True, text=True, env=ENV)


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("repo-site")
    result = build(REPO, out)
    assert result.returncode == 0, result.stderr
    return out


def test_tiny_builds_strict_with_every_page_and_api(tiny, tmp_path):
    result = build(tiny, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    for page in ["index.html", "compare/index.html", "topics/execution/index.html", "frameworks/alpha/index.html",
                 "tools/index.html", "claims/index.html", "methodology/index.html"]:
        assert (site / page).is_file(), page
    api = site / "api/v1"
    assert json.loads((api / "frameworks.json").read_text())[0]["id"] == "alpha"
    for name in ["frameworks/alpha.json", "dimensions.json", "tools.json", "claims.json", "comparison.csv",
                 "schema/framework.schema.json", "schema/tool.schema.json", "schema/claim.schema.json",
                 "schema/dimensions.schema.json"]:
        assert (api / name).is_file(), name
    assert check_site(site, BASE_PATH) == []


def test_edit_links_point_at_the_yaml(tiny, tmp_path):
    assert build(tiny, tmp_path / "site").returncode == 0
    html = (tmp_path / "site/frameworks/alpha/index.html").read_text()
    assert "/edit/main/data/frameworks/alpha.yaml" in html


def test_api_is_byte_identical_across_builds(tiny, tmp_path):
    for name in ("a", "b"):
        assert build(tiny, tmp_path / name).returncode == 0
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a/api").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b/api").rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_bad_data_fails_the_build_with_the_line(tiny, tmp_path):
    edit(tiny, "data/frameworks/alpha.yaml", replace=["value: eager", "value: eagre"])
    result = build(tiny, tmp_path / "site")
    assert result.returncode != 0
    assert "data/frameworks/alpha.yaml:26:12: fact.value" in result.stderr
    assert "Traceback" not in result.stderr


def test_repo_data_builds_strict(repo_site):
    assert (repo_site / "frameworks/pytorch/index.html").is_file()
    assert (repo_site / "frameworks/tensorflow/index.html").is_file()
    assert check_site(repo_site, BASE_PATH) == []


def test_broken_generated_link_fails_the_site_check(tiny, tmp_path):
    # A hand-written page with a raw-HTML link MkDocs cannot see: `fwatlas sitelinks`
    # (run by `make build` after MkDocs, and by this suite) must.
    (tiny / "docs/methodology.md").write_text('# M\n\n<p><a href="../nowhere/">x</a></p>\n')
    assert build(tiny, tmp_path / "site").returncode == 0
    result = subprocess.run([str(Path(sys.executable).parent / "fwatlas"), "sitelinks", str(tmp_path / "site"),
                             "--config", str(tiny / "mkdocs.yml")], capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert "methodology/index.html" in result.stdout and "site.broken-link" in result.stdout
    assert "1 broken internal link" in result.stderr


def test_a_second_build_reads_the_cache_and_gives_the_same_site(tiny, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    assert build(tiny, first).returncode == 0
    assert (tiny / ".cache/fwatlas/site.json").is_file()
    assert build(tiny, second).returncode == 0
    for page in first.rglob("*.html"):
        if "sitemap" not in page.name:
            assert page.read_bytes() == (second / page.relative_to(first)).read_bytes(), page
    # a changed fact is a changed key: the cache is not used
    fw = tiny / "data/frameworks/alpha.yaml"
    fw.write_text(fw.read_text().replace("Alpha", "Alphaz", 1))
    assert build(tiny, second).returncode == 0
    assert "Alphaz" in (second / "index.html").read_text()


def test_every_framework_is_in_every_topic_table(repo_site):
    from fwatlas.load import load

    kb, _ = load(REPO)
    for topic in kb.topics:
        html = (repo_site / f"topics/{topic.id}/index.html").read_text()
        for fw in kb.frameworks:
            for dim in topic.dimensions:
                assert f'id="{fw}--{dim.id}"' in html, (topic.id, fw, dim.id)


def test_page_titles_name_the_page_once(repo_site):
    def title(path: str) -> str:
        html = (repo_site / path / "index.html").read_text()
        return html[html.index("<title>") + 7:html.index("</title>")]

    assert title("") == "Framework Atlas"
    assert title("frameworks/pytorch") == "PyTorch - Framework Atlas"
    assert title("compare") == "Compare - Framework Atlas"


def test_a_status_with_weak_evidence_shows_its_caveat_beside_the_badge(repo_site):
    # TensorFlow's status: a shift to fixes-only work is reported only by news reports, not Google's own post
    beside = r'<span class="fa-badge fa-badge--ok">active</span> <span class="fa-caveat">[^<]*news reports'
    assert re.search(r"TensorFlow</a> " + beside, (repo_site / "index.html").read_text())
    assert re.search(r"Status: " + beside, (repo_site / "frameworks/tensorflow/index.html").read_text())


def test_claims_graded_by_a_run_link_to_that_run(repo_site):
    claims = (repo_site / "claims/index.html").read_text()
    links = re.findall(r'Graded by running it: <a href="\.\./snippets/#([^"]+)"', claims)
    assert links, "no claim links to its snippet run"
    snippets = (repo_site / "snippets/index.html").read_text()
    for anchor in links:
        assert f'id="{anchor}"' in snippets, anchor
