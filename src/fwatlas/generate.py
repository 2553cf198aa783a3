"""`fwatlas generate OUTDIR`: everything the site needs as a plain MkDocs project.

The output is a folder with `mkdocs.yml` (no fwatlas plugin: the navigation is
written out), `docs/` (the hand-written pages, the generated Markdown with its
page settings as front matter, the assets and the API files) and `overrides/`.
Any MkDocs-compatible builder can build it. Two runs on the same data write the
same bytes.

OUTDIR is replaced as a whole, so generate deletes only what it wrote: the folder
carries a marker file, and a folder without it (a user's folder, the project or part
of it) is refused before anything is read or written. The new site is written into
a temporary sibling and swapped in at the end, so a failure leaves the old one intact.
"""
from __future__ import annotations

import html
import os
import shutil
import tempfile
from pathlib import Path

import yaml

from .feedlinks import alternate_links
from .pagedata import GeneratedPage
from .problems import Problem
from .render import SiteContext, urls

PLUGIN = "fwatlas"
NAV_PREFIX = "fwatlas:"


# srclinks.py, copied as an MkDocs hook: it needs only the standard library, not fwatlas
LINKS_HOOK = "hooks/fwatlas_srclinks.py"

MARKER = ".fwatlas-generated"
MARKER_TEXT = ("This folder was written by `fwatlas generate`. The next run replaces it as a whole,\n"
               "so keep no files of your own here. Without this file, generate refuses to replace it.\n")
# project folders an output must never be, nor sit inside: the next run would replace them
PROTECTED = ("data", "docs", "overrides", ".git")


class GenerateError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} error(s) in the data")
        self.problems = problems


class OutputError(Exception):
    """OUTDIR may not be written or replaced; the message is one line for the user."""


def check_output(root: Path, out: Path) -> Path:
    """The absolute OUTDIR if generate may write it (absent, empty, or its own output), else
    OutputError. The symbolic-link test comes before resolving: resolving would follow it."""
    if out.is_symlink():
        raise OutputError(f"{out} is a symbolic link; give the folder it points to, or another name")
    target, root = out.resolve(), root.resolve()
    if target == root or target in root.parents:
        raise OutputError(f"{out} is the project folder or contains it")
    for name in PROTECTED:
        folder = (root / name).resolve()
        if target == folder or folder in target.parents:
            raise OutputError(f"{out} is the project's {name}/ or inside it")
    if os.path.lexists(target) and not target.is_dir():
        raise OutputError(f"{out} is a file, not a folder")
    if target.is_dir() and not _ours(target) and any(target.iterdir()):
        raise OutputError(f"{out} is not empty and was not written by fwatlas generate (no {MARKER}); "
                          "give a new or empty folder")
    return target


def _ours(folder: Path) -> bool:
    marker = folder / MARKER
    return not marker.is_symlink() and marker.is_file()


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
    if isinstance(config.get("theme"), dict):
        # Zensical's "classic" look is Material's, the look MkDocs builds (its default, "modern",
        # has another header, fonts and search); Material ignores the key
        config["theme"].setdefault("variant", "classic")
    # raw-HTML links are source paths (render.urls); this hook resolves them for MkDocs, as
    # Zensical does by itself (Zensical accepts `hooks:` and runs none)
    config["hooks"] = [h for h in config.get("hooks") or [] if h != LINKS_HOOK] + [LINKS_HOOK]
    return config


def generate(root: Path, out: Path) -> list[Path]:
    """Write the plain MkDocs project for `root` into `out`: created, or replaced when it is
    empty or generate's own output (see check_output). Returns the files written."""
    from .pipeline import check_project

    target = check_output(root, out)  # before the data is read: a refusal should be quick
    kb, problems = check_project(root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise GenerateError(errors)
    return _replace(root, out, target, lambda folder: _write_site(root, kb, folder))


def _write_site(root: Path, kb, out: Path) -> list[Path]:
    from .export import API_DIR, api_files
    from .feed import build_feeds
    from .render import render_site

    config = site_config(root, kb)
    ctx = SiteContext(repo_url=config.get("repo_url") or "", site_url=config.get("site_url") or "")
    pages = render_site(kb, ctx)
    guide = contributing_page(root)
    if guide is not None:
        pages.append(guide)
    docs = out / "docs"
    shutil.copytree(root / "docs", docs)
    if (root / "overrides").is_dir():
        shutil.copytree(root / "overrides", out / "overrides")
    from . import srclinks

    hook = out / LINKS_HOOK
    hook.parent.mkdir()
    shutil.copyfile(srclinks.__file__, hook)
    files = {page.path: "---\n" + yaml.safe_dump(page_meta(page, page.path == urls.HOME), sort_keys=True,
                                                  allow_unicode=True) + f"---\n\n{page.markdown}"
             for page in pages}
    files |= {f"{API_DIR}/{rel}": text for rel, text in api_files(kb).items()}
    files |= build_feeds(root, config.get("site_url") or "")
    written = []
    for rel, content in files.items():
        path = _inside(docs, rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        written.append(path)
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return written


def _inside(folder: Path, rel: str) -> Path:
    """folder/rel, refusing a path that would land outside `folder` (absolute, or with ..)."""
    from .buildcache import site_path

    if not site_path(rel):
        raise OutputError(f"refusing to write {rel!r}: not a plain relative path")
    return folder.joinpath(*rel.split("/"))


def _replace(root: Path, out: Path, target: Path, fill) -> list[Path]:
    """Run fill(folder) on a temporary sibling of `target`, then swap it in; on any failure
    the old `target` stays as it was and the temporary folder is removed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.fwatlas-tmp-", dir=target.parent))
    try:
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it private; the site is for serving
        written = fill(tmp)
        (tmp / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        check_output(root, out)  # again: the folder may have changed while we wrote
        _swap(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [target / p.relative_to(tmp) for p in written]


def _swap(new: Path, target: Path) -> None:
    """Rename `new` to `target`; an existing `target` (checked: empty or ours) is moved
    aside first and deleted only once the new one is in place."""
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.fwatlas-old-", dir=target.parent))
    os.rename(target, aside / "old")
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(aside / "old", target)
        aside.rmdir()
        raise
    shutil.rmtree(aside, ignore_errors=True)  # held only the old output, which carried the marker


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
