"""Links any builder resolves (issue 21): the generated pages write every raw-HTML link as a
source path (to the target's .md file, or a file in docs/), which Zensical resolves itself;
for MkDocs, the plugin and the hook `fwatlas generate` writes (srclinks) resolve them as
MkDocs resolves Markdown links. Links only a script reads are URLs as the page sees them."""
from __future__ import annotations

import os
import posixpath
import random
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from fwatlas import srclinks
from fwatlas.render import urls
from support import REPO, hrefs

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _old_relative(from_src: str, to_src: str, anchor: str = "") -> str:
    """The URL form every link had before issue 21 (what MkDocs needs in raw HTML)."""
    here = urls.page_url(from_src) or "."
    there = urls.page_url(to_src) or "."
    rel = posixpath.relpath(there, here if here == "." else here.rstrip("/"))
    rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")


PAGES = ["index.md", "compare.md", "topics/hardware.md", "frameworks/index.md", "frameworks/pytorch.md",
         "frameworks/jax.md", "tools.md", "install.md", "deep/er/page.md", "deep/index.md"]


@pytest.mark.parametrize("here", PAGES)
@pytest.mark.parametrize("there", PAGES)
@pytest.mark.parametrize("anchor", ["", "hardware.tpu"])
def test_source_links_resolve_to_the_urls_pages_used_to_carry(here, there, anchor):
    link = urls.relative(here, there, anchor)
    assert not re.match(r"^[a-z]+:|^/", link)
    assert link.endswith((".md", f".md#{anchor}", "/", f"/#{anchor}")) if anchor else True
    assert srclinks.resolve(here, link) == _old_relative(here, there, anchor)
    assert urls.url_relative(here, there, anchor) == _old_relative(here, there, anchor)


def test_the_home_page_is_linked_as_the_docs_folder():
    # so that relative(page, HOME) + "assets/x.js" names a file beside the home page
    assert urls.relative("frameworks/jax.md", urls.HOME) == "../"
    assert urls.relative("compare.md", urls.HOME) == "./"
    assert srclinks.resolve("compare.md", "./assets/compare.js") == "../assets/compare.js"
    assert srclinks.resolve("frameworks/jax.md", "../api/v1/frameworks/jax.json") == "../../api/v1/frameworks/jax.json"
    assert urls.relative("frameworks/jax.md", urls.HOME, "counts") == "../index.md#counts"


@pytest.mark.parametrize("href,expected", [
    ("#x", "#x"), ("?need=a,b", "?need=a,b"), ("/abs/", "/abs/"), ("//host/x", "//host/x"),
    ("https://e.org/a.md", "https://e.org/a.md"), ("mailto:a@b", "mailto:a@b"), ("javascript:x", "javascript:x"),
    ("", ""), ("../../outside.md", "../../outside.md"),          # leaves docs/: left for the link check
    ("finder.md?need=a#b", "../finder/?need=a#b"), ("sub/", "../sub/"), ("index.md", "../"),
    ("feeds/atom.xml", "../feeds/atom.xml"), (".", "../"), ("claims.md", "./"),
])
def test_resolve(href, expected):
    assert srclinks.resolve("claims.md", href) == expected


def test_resolve_without_directory_urls():
    assert srclinks.resolve("a/b.md", "../c.md#x", directory_urls=False) == "../c.html#x"
    assert srclinks.resolve("a/b.md", "index.md", directory_urls=False) == "index.html"
    assert srclinks.page_url("index.md", directory_urls=False) == "index.html"


def test_relpath_is_posixpath_relpath_without_the_file_system():
    rng = random.Random(21)
    for _ in range(5000):
        t = "/".join(rng.choice("abcd") for _ in range(rng.randint(0, 3)))
        s = "/".join(rng.choice("abcd") for _ in range(rng.randint(0, 3)))
        assert srclinks.relpath(t, s) == posixpath.relpath(t or ".", s or ".")


def test_rewrite_touches_only_href_and_src_of_tags():
    md = ('<a class="x" href="b.md#r">b</a> <img alt="" src=\'assets/i.svg\'> <span data-href="b.md">d</span>\n'
          '<script type="module" src="./assets/s.js"></script> text href="b.md" [md](b.md)\n'
          '<a href="https://e.org/b.md">e</a> <a href="#here">h</a>\n')
    out = srclinks.rewrite(md, "sub/a.md")
    assert '<a class="x" href="../b/#r">' in out
    assert "src='../assets/i.svg'" in out  # sub/assets/i.svg from the page at sub/a/
    assert 'data-href="b.md"' in out and 'text href="b.md"' in out and "[md](b.md)" in out
    assert 'src="../assets/s.js"' in out
    assert 'href="https://e.org/b.md"' in out and 'href="#here"' in out


def test_mkdocs_resolves_raw_html_as_it_resolves_markdown_links(tmp_path):
    """The hook `fwatlas generate` writes, in a plain MkDocs project: every raw-HTML link to a
    file comes out as the same link written in Markdown does."""
    from fwatlas.generate import LINKS_HOOK

    project = tmp_path / "p"
    (project / "docs/sub").mkdir(parents=True)
    (project / "docs/assets").mkdir()
    (project / "docs/assets/x.js").write_text("")
    (project / "hooks").mkdir()
    (project / LINKS_HOOK).write_text(Path(srclinks.__file__).read_text())
    (project / "mkdocs.yml").write_text(f"site_name: T\ntheme: {{name: material}}\nhooks: [{LINKS_HOOK}]\n"
                                        "markdown_extensions: [attr_list, md_in_html, toc]\n")
    (project / "docs/index.md").write_text("# Home\n")
    (project / "docs/sub/index.md").write_text("# Sub\n")
    (project / "docs/sub/b.md").write_text("# B\n\n## Row {#row.x}\n")
    links = ["sub/b.md#row.x", "sub/b.md", "sub/index.md", "index.md", "a.md#top", "sub/b.md?fw=1#row.x",
             "assets/x.js"]
    raw = " ".join(f'<a class="raw" href="{h}">{i}</a>' for i, h in enumerate(links))
    md = " ".join(f"[{i}]({h}){{.md}}" for i, h in enumerate(links))
    (project / "docs/a.md").write_text(f"# A {{#top}}\n\n<p>{raw}</p>\n\n{md}\n")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=project,
                            capture_output=True, text=True, env=ENV)
    assert result.returncode == 0, result.stderr
    html = (project / "site/a/index.html").read_text()
    assert hrefs(html, "raw") == hrefs(html, "md")
    assert hrefs(html, "raw")[0] == "../sub/b/#row.x"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "site-project"
    result = subprocess.run([sys.executable, "-m", "fwatlas.cli", "generate", str(out), "--root", str(REPO)],
                            capture_output=True, text=True, env=ENV)
    if result.returncode != 0 and "No module named fwatlas.cli" in result.stderr:
        result = subprocess.run([str(Path(sys.executable).parent / "fwatlas"), "generate", str(out), "--root",
                                 str(REPO)], capture_output=True, text=True, env=ENV)
    assert result.returncode == 0, result.stderr
    return out


def test_generate_writes_the_hook_and_zensicals_classic_look(generated):
    from fwatlas.generate import LINKS_HOOK

    config = yaml.safe_load((generated / "mkdocs.yml").read_text())
    assert config["hooks"] == [LINKS_HOOK]
    assert (generated / LINKS_HOOK).read_bytes() == Path(srclinks.__file__).read_bytes()
    assert config["theme"]["variant"] == "classic"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("href", "src") and value:
                self.links.append(value)


def test_every_raw_link_in_the_generated_markdown_is_a_source_path(generated):
    """A relative href or src in a generated page names a file of docs/ from the page's own
    folder (a .md page, an asset, an API file, a feed) or a folder with an index.md: the form
    a builder resolves. A URL-form link (`../frameworks/pytorch/`) would fail here."""
    docs = generated / "docs"
    seen = 0
    for md in docs.rglob("*.md"):
        rel = md.relative_to(docs).as_posix()
        parser = _Tags()
        parser.feed(re.sub(r"```.*?```", "", md.read_text(), flags=re.S))
        for href in parser.links:
            if not href or href[0] in "#?/" or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href):
                continue
            path = re.split(r"[?#]", href, maxsplit=1)[0]
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
            where = docs / target
            ok = where.is_file() or (where.is_dir() and (where / "index.md").is_file()) or target == "."
            assert ok, f"{rel}: {href} does not name a file in docs/"
            seen += 1
    assert seen > 1000
