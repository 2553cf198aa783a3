"""`fwatlas generate OUTDIR`: everything the site needs as a plain MkDocs project.

The output is a folder with `mkdocs.yml` (no fwatlas plugin: the navigation is
written out), `docs/` (the hand-written pages, the generated Markdown with its
page settings as front matter, the assets and the API files) and `overrides/`.
Any MkDocs-compatible builder can build it. Two runs on the same data write the
same bytes.
"""
from __future__ import annotations

import html
import shutil
from pathlib import Path

import yaml

from .feedlinks import alternate_links
from .pagedata import GeneratedPage
from .problems import Problem
from .render import SiteContext, urls

PLUGIN = "fwatlas"
NAV_PREFIX = "fwatlas:"


class GenerateError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} error(s) in the data")
        self.problems = problems


def page_meta(page: GeneratedPage, is_home: bool) -> dict:
    """The page settings MkDocs and Material read from a page's meta (front matter).

    Titles and descriptions are escaped: the theme prints them without escaping.
    """
    meta: dict = {"description": html.escape(page.description)}
    # <link rel="alternate"> to the Atom feeds (overrides/main.html): a framework page adds its own
    framework = page.path[len("frameworks/"):-len(".md")] if (
        page.path.startswith("frameworks/") and page.path != urls.FRAMEWORKS) else None
    meta["feeds"] = alternate_links(framework, page.title if framework else None)
    if not is_home:  # the theme would print "Framework Atlas - Framework Atlas"
        meta["title"] = html.escape(page.title)
    if page.wide:
        meta["hide"] = ["toc", "navigation"] if page.full_width else ["toc"]
    if not page.searchable:
        meta["search"] = {"exclude": True}
    elif page.search_boost is not None:
        meta["search"] = {"boost": page.search_boost}
    return meta


def contributing_page(root: Path) -> GeneratedPage | None:
    """CONTRIBUTING.md is the one contributor guide: GitHub shows it, the site renders it."""
    guide = root / "CONTRIBUTING.md"
    if not guide.is_file():
        return None
    return GeneratedPage(urls.CONTRIBUTING, "Contributing", "How to fix or add a fact, a framework, a tool or a claim.",
                         "CONTRIBUTING.md", guide.read_text(encoding="utf-8"))


def expand_nav(items, sections):
    """Replace `fwatlas:<section>` placeholders in mkdocs.yml's nav with generated entries."""
    result = []
    for item in items:
        if isinstance(item, dict):
            item = {k: (sections[v[len(NAV_PREFIX):]] if isinstance(v, str) and v.startswith(NAV_PREFIX)
                        else expand_nav(v, sections) if isinstance(v, list) else v)
                    for k, v in item.items()}
        result.append(item)
    return result


class _EnvLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's `!ENV [NAME, default]` as its default (or the variable when set)."""


def _env(loader, node):
    import os
    values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    for name in values[:-1] if len(values) > 1 else values:
        if name in os.environ:
            return os.environ[name]
    return values[-1] if len(values) > 1 else None


_EnvLoader.add_constructor("!ENV", _env)


def read_mkdocs_config(path: Path) -> dict:
    """mkdocs.yml as MkDocs reads it (environment variables resolved), without MkDocs."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_EnvLoader) or {}


def site_config(root: Path, kb) -> dict:
    """mkdocs.yml for the generated folder: the project's, without the plugin, nav written out."""
    from .render import nav_sections

    config = read_mkdocs_config(root / "mkdocs.yml")
    config["plugins"] = [p for p in config.get("plugins", []) if p != PLUGIN and not (
        isinstance(p, dict) and PLUGIN in p)]
    if "nav" in config:
        config["nav"] = expand_nav(config["nav"], nav_sections(kb))
    config["docs_dir"] = "docs"
    return config


def generate(root: Path, out: Path) -> list[Path]:
    """Write the plain MkDocs project for `root` into `out` (replaced if it exists)."""
    from .export import API_DIR, api_files
    from .pipeline import check_project
    from .render import render_site

    kb, problems = check_project(root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise GenerateError(errors)
    config = site_config(root, kb)
    ctx = SiteContext(repo_url=config.get("repo_url") or "", site_url=config.get("site_url") or "")
    pages = render_site(kb, ctx)
    guide = contributing_page(root)
    if guide is not None:
        pages.append(guide)
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    shutil.copytree(root / "docs", docs)
    if (root / "overrides").is_dir():
        shutil.copytree(root / "overrides", out / "overrides")
    written = []
    for page in pages:
        path = docs / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump(page_meta(page, page.path == urls.HOME), sort_keys=True, allow_unicode=True)
        path.write_text(f"---\n{front}---\n\n{page.markdown}", encoding="utf-8")
        written.append(path)
    for rel, text in api_files(kb).items():
        path = docs / API_DIR / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    from .feed import build_feeds

    for rel, data in build_feeds(root, config.get("site_url") or "").items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return written
