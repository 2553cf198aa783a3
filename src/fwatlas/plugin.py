"""MkDocs plugin: a thin shell that runs the pipeline and hands MkDocs its output.

Events only coordinate: loading/checking lives in `pipeline`, pages in `render`,
the API in `export`.
"""
from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from .export import write_api
from .generate import contributing_page, expand_nav, page_meta
from .pipeline import check_project
from .problems import summary
from .render import SiteContext, nav_sections, render_site, urls
from .sitelinks import check_site

log = logging.getLogger("mkdocs.plugins.fwatlas")


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
        # the same pages, settings and navigation `fwatlas generate` writes out
        self.pages = {p.path: p for p in render_site(self.kb, ctx)}
        guide = contributing_page(self.root)
        if guide is not None:
            self.pages[urls.CONTRIBUTING] = guide
        if config.nav:
            config.nav = expand_nav(config.nav, nav_sections(self.kb))
        return config

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
            for key, value in page_meta(generated, page.is_homepage).items():
                page.meta.setdefault(key, value)
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
