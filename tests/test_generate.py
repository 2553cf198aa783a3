"""`fwatlas generate`: the site as a plain MkDocs project that any MkDocs-compatible
builder can build without the fwatlas plugin, deterministically."""
from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from fwatlas.cli import main
from fwatlas.sitelinks import check_site
from support import edit
from test_build import ENV, MKDOCS, build


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generate_is_deterministic(tiny, tmp_path):
    assert main(["generate", str(tmp_path / "a"), "--root", str(tiny)]) == 0
    assert main(["generate", str(tmp_path / "b"), "--root", str(tiny)]) == 0
    a, b = files(tmp_path / "a"), files(tmp_path / "b")
    assert a == b
    assert "mkdocs.yml" in a and "docs/api/v1/frameworks.json" in a and "docs/compare.md" in a
    assert b"fwatlas" not in a["mkdocs.yml"].split(b"plugins:")[1].split(b"\n\n")[0]  # no plugin needed


def test_plain_mkdocs_builds_the_same_pages_as_the_plugin(tiny, tmp_path):
    assert main(["generate", str(tmp_path / "gen"), "--root", str(tiny)]) == 0
    plain = subprocess.run(MKDOCS + ["build", "--strict", "-f", str(tmp_path / "gen" / "mkdocs.yml"),
                                     "-d", str(tmp_path / "plain")], capture_output=True, text=True, env=ENV)
    assert plain.returncode == 0, plain.stderr
    assert build(tiny, tmp_path / "plugin").returncode == 0

    def pages(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html"} | \
            {p.relative_to(site).as_posix() for p in (site / "api").rglob("*") if p.is_file()}

    assert pages(tmp_path / "plain") == pages(tmp_path / "plugin")
    # the same tables, and every internal link resolves
    for page in ("compare/index.html", "topics/execution/index.html", "frameworks/alpha/index.html"):
        assert (tmp_path / "plain" / page).read_text().count("<td") == (tmp_path / "plugin" / page).read_text().count("<td")
    site_url = yaml.safe_load((tmp_path / "gen" / "mkdocs.yml").read_text())["site_url"]
    assert check_site(tmp_path / "plain", urlsplit(site_url).path or "/") == []


def test_generate_refuses_bad_data_and_writes_nothing(tiny, tmp_path, capsys):
    edit(tiny, "data/frameworks/alpha.yaml", replace=["value: eager", "value: eagre"])
    assert main(["generate", str(tmp_path / "out"), "--root", str(tiny)]) == 1
    assert not (tmp_path / "out").exists()
    assert "fact.value" in capsys.readouterr().err
