"""MkDocs plugin: a thin shell that runs the pipeline and hands MkDocs its output.

Events only coordinate: loading/checking lives in `pipeline`, pages in `render`,
the API in `export`.
"""
from __future__ import annotations

import html
import logging
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from .export import write_api
from .pipeline import check_project
from .problems import summary
from .render import GeneratedPage, SiteContext, nav_sections, render_site, urls
from .sitelinks import check_site

log = logging.getLogger("mkdocs.plugins.fwatlas")
NAV_PREFIX = "fwatlas:"


class AtlasConfig(Config):
    data_dir = config_options.Type(str, default="data")
    branch = config_options.Type(str, default="main")


class AtlasPlugin(BasePlugin[AtlasConfig]):
    def on_config(self, config):
        # The project root is where mkdocs.yml lives; data/ sits next to it.
        self.root = Path(config.config_file_path).resolve().parent
        self.kb, problems = check_project(self.root)
        errors = [p for p in problems if p.severity == "error"]
        for p in problems:
            if p.severity == "warning":
                log.warning(p.text())
            elif p.severity == "notice":
                log.info(p.text())
        if errors:
            raise PluginError("Framework Atlas data has problems:\n" + "\n".join(p.text() for p in errors)
                              + f"\n{summary(problems)} - run `fwatlas check` for details")
        ctx = SiteContext(repo_url=config.repo_url or "", branch=self.config.branch, site_url=config.site_url or "")
        self.pages = {p.path: p for p in render_site(self.kb, ctx)}
        # CONTRIBUTING.md is the one contributor guide: GitHub shows it, the site renders it.
        guide = self.root / "CONTRIBUTING.md"
        if guide.is_file():
            self.pages[urls.CONTRIBUTING] = GeneratedPage(
                urls.CONTRIBUTING, "Contributing", "How to fix or add a fact, a framework, a tool or a claim.",
                "CONTRIBUTING.md", guide.read_text(encoding="utf-8"))
        if config.nav:
            config.nav = self._expand_nav(config.nav, nav_sections(self.kb))
        return config

    def _expand_nav(self, items, sections):
        """Replace `fwatlas:<section>` placeholders in mkdocs.yml's nav with generated entries."""
        result = []
        for item in items:
            if isinstance(item, dict):
                item = {k: (sections[v[len(NAV_PREFIX):]] if isinstance(v, str) and v.startswith(NAV_PREFIX)
                            else self._expand_nav(v, sections) if isinstance(v, list) else v)
                        for k, v in item.items()}
            result.append(item)
        return result

    def on_files(self, files, config):
        for page in self.pages.values():
            existing = files.get_file_from_path(page.path)
            if existing is not None:  # a hand-written page with the same path wins? no: refuse clearly
                raise PluginError(f"docs/{page.path} clashes with a generated page; rename or delete it")
            files.append(File.generated(config, page.path, content=page.markdown))
        return files

    def on_serve(self, server, config, builder):
        # Rebuild when a fact changes, not only when docs/ does.
        server.watch(str(self.root / self.config.data_dir))
        return server

    def on_page_markdown(self, markdown, page, config, files):
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            # The theme prints meta values unescaped (MkDocs' Jinja has no autoescape).
            page.meta.setdefault("description", html.escape(generated.description))
            if not page.is_homepage:  # the theme would print "Framework Atlas - Framework Atlas"
                page.meta.setdefault("title", html.escape(generated.title))
            if generated.wide:
                page.meta.setdefault("hide", ["toc", "navigation"] if generated.full_width else ["toc"])
            if not generated.searchable:
                page.meta.setdefault("search", {"exclude": True})
            elif generated.search_boost is not None:
                page.meta.setdefault("search", {"boost": generated.search_boost})
        return markdown

    def on_page_context(self, context, page, config, nav):
        generated = self.pages.get(page.file.src_uri)
        if generated is not None and config.repo_url:
            page.edit_url = self.edit_url(config, generated.source)
        return context

    def edit_url(self, config, source: str) -> str:
        """Edit link for a data file, or a browse link for a folder of data files."""
        base = urljoin(config.repo_url.rstrip("/") + "/", f"edit/{self.config.branch}/")
        url = urljoin(base, source)
        return url if source.endswith((".yaml", ".md")) else url.replace("/edit/", "/tree/", 1)

    def on_post_build(self, config):
        site = Path(config.site_dir)
        write_api(self.kb, site)
        # MkDocs validates Markdown links only; generated tables are raw HTML.
        base_path = urlsplit(config.site_url or "/").path or "/"
        for p in check_site(site, base_path):
            log.warning(p.text())
