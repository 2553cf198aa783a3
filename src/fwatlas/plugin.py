"""MkDocs plugin: a thin shell that runs the pipeline and hands MkDocs its output.

Events only coordinate: loading/checking lives in `pipeline`, pages in `render`,
the API in `export`; `buildcache` skips all three when the inputs did not change.
Internal links of the built site are checked by `fwatlas sitelinks` (make build,
the test suite), not here: re-parsing every page cost as much as a third of a build.
"""
from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from . import buildcache, srclinks
from .generate import contributing_page, expand_nav, page_meta
from .pagedata import GeneratedPage
from .problems import Problem, summary

log = logging.getLogger("mkdocs.plugins.fwatlas")


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class _Capture(logging.Handler):
    """The messages MkDocs logs while it converts a page, to log again when the page is reused."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


class AtlasConfig(Config):
    data_dir = config_options.Type(str, default="data")
    branch = config_options.Type(str, default="main")


class AtlasPlugin(BasePlugin[AtlasConfig]):
    # on_startup makes MkDocs keep this object across the rebuilds of one `mkdocs serve`, so the
    # last build stays in memory: with nothing changed a rebuild reuses it, after an edit only
    # the edited files are read again (buildcache.FileResults keeps the others in memory).
    serving = False
    last: tuple[str, dict] | None = None
    unsaved: tuple[str, dict] | None = None
    last_feeds: tuple[str, dict] | None = None
    render_key = ""

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
        self.converted: dict[str, dict] = {}  # serve: each page's converted HTML by its Markdown
        self.converted_now: dict[str, dict] = {}

    def on_shutdown(self):
        if self.unsaved is not None:  # serve writes its newest build once, when it stops
            buildcache.store(self.root, "site", *self.unsaved)
            self.unsaved = None

    def on_config(self, config):
        # The project root is where mkdocs.yml lives; data/ sits next to it.
        self.root = Path(config.config_file_path).resolve().parent
        site = (config.repo_url or "", self.config.branch, config.site_url or "")
        key = buildcache.input_key(self.root, "site", *site)
        built = self.last[1] if self.last is not None and self.last[0] == key else None
        if built is None:
            built = buildcache.load(self.root, "site", key)
        if built is None:
            built = self.build(*site)
            if not any(p["severity"] == "error" for p in built["problems"]):
                if self.serving:  # a rebuild must not wait for ~10 MB of JSON: kept for on_shutdown
                    self.unsaved = (key, built)
                else:
                    buildcache.store(self.root, "site", key, built)
        problems = [Problem(**p) for p in built["problems"]]
        errors = [p for p in problems if p.severity == "error"]
        for p in problems:
            if p.severity == "warning":
                log.warning(p.text())
            elif p.severity == "notice":
                log.info(p.text())
        if errors:
            raise PluginError("Framework Atlas data has problems:\n" + "\n".join(p.text() for p in errors)
                              + f"\n{summary(problems)} - run `fwatlas check` for details")
        self.last = (key, built)
        self.pages = {p["path"]: GeneratedPage(**p) for p in built["pages"]}
        self.api = built["api"]
        self.feed_files = self.feeds(config.site_url or "")
        if config.nav:
            config.nav = expand_nav(config.nav, built["nav"])
        return config

    def build(self, repo_url: str, branch: str, site_url: str) -> dict:
        """Load, check and render: everything the build needs, as plain data (cacheable).

        The rules and the API files need the loaded data but not the pages, and the pages need
        the data but not the rules' verdict (unless it is an error: then they are dropped), so
        where it is safe (`parallel.enabled`: Linux, one thread, as in `mkdocs build`) the rules
        and the API run in a forked copy of this process on the second core while this one
        renders; elsewhere (`mkdocs serve`) one after the other."""
        from dataclasses import asdict

        from . import parallel
        from .export import api_files
        from .load import load
        from .pipeline import check_project
        from .render import SiteContext, nav_sections, render_site, urls

        kb, problems = load(self.root)  # for the pages; the child checks its own copy

        def rules_and_api():
            checked_kb, found = check_project(self.root)  # the files are in memory by now
            ok = not any(p.severity == "error" for p in found)
            return [asdict(p) for p in found], (api_files(checked_kb) if ok else {})

        result = {"problems": [], "pages": [], "api": {}, "nav": {}}
        with parallel.in_child(rules_and_api) as checked:
            pages = None
            if not any(p.severity == "error" for p in problems):
                try:
                    # the same pages, settings and navigation `fwatlas generate` writes out
                    pages = render_site(kb, SiteContext(repo_url=repo_url, branch=branch, site_url=site_url))
                except Exception:
                    if not any(p["severity"] == "error" for p in checked()[0]):
                        raise  # data the rules accept must render
            result["problems"], result["api"] = checked()
        if pages is None or any(p["severity"] == "error" for p in result["problems"]):
            return {**result, "api": {}}
        guide = contributing_page(self.root)
        if guide is not None:
            pages = [p for p in pages if p.path != urls.CONTRIBUTING] + [guide]
        result.update(pages=[asdict(p) for p in pages], nav=nav_sections(kb))
        return result

    def feeds(self, site_url: str) -> dict[str, str]:
        """The Atom feeds. They are read from git history, not from the working tree, so they
        have their own cache entry keyed by the commit: editing a fact does not rebuild them.
        Adding or removing a framework file does: build_feeds writes one feed per file in
        data/frameworks, committed or not, and its page links to that feed."""
        ids = sorted(p.name for p in (self.root / "data" / "frameworks").glob("*.yaml"))
        key = buildcache.input_key(self.root, "feeds", site_url, buildcache.git_head(self.root), *ids,
                                   data=False)
        if self.last_feeds is not None and self.last_feeds[0] == key:  # serve: kept in memory
            return self.last_feeds[1]
        feeds = buildcache.load(self.root, "feeds", key)
        if feeds is None:
            from .feed import build_feeds

            feeds = {rel: data.decode("utf-8") for rel, data in build_feeds(self.root, site_url).items()}
            buildcache.store(self.root, "feeds", key, feeds)
        self.last_feeds = (key, feeds)
        return feeds

    def on_files(self, files, config):
        for page in self.pages.values():
            existing = files.get_file_from_path(page.path)
            if existing is not None:  # a hand-written page with the same path wins? no: refuse clearly
                raise PluginError(f"docs/{page.path} clashes with a generated page; rename or delete it")
            files.append(File.generated(config, page.path, content=page.markdown))
        if self.serving:
            # what a page's HTML depends on besides its Markdown: every file's address and the
            # Markdown settings (the same within one `mkdocs serve`, unless mkdocs.yml changes)
            self.render_key = _digest(repr((sorted((f.src_uri, f.url) for f in files), config.markdown_extensions,
                                            config.mdx_configs, config.use_directory_urls, config.site_url)))
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
            # raw-HTML links are source paths (render.urls): resolve them as Zensical does
            markdown = srclinks.rewrite(markdown, page.file.src_uri, config.use_directory_urls)
            if self.serving and self.render_key:
                page.render = self._converted(page, page.render)
        return markdown

    def _converted(self, page, render):
        """`mkdocs serve` converts every page's Markdown on every rebuild; after a one-file edit
        most generated pages have the same Markdown as before. For those, what MkDocs' own
        conversion set on the page last time (HTML, table of contents, title, anchors, the
        messages it logged) is set again instead; any other page is converted as usual."""
        def convert(config, files):
            key = _digest(f"{self.render_key}\0{page.file.src_uri}\0{page.markdown}")
            done = self.converted.get(key)
            if done is None:
                capture = _Capture()
                logging.getLogger("mkdocs").addHandler(capture)
                try:
                    render(config, files)
                finally:
                    logging.getLogger("mkdocs").removeHandler(capture)
                links = page.links_to_anchors
                done = {"content": page.content, "toc": page.toc, "_title_from_render": page._title_from_render,
                        "present_anchor_ids": set(page.present_anchor_ids or ()),
                        "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
                        "records": capture.records}
            else:
                page.content, page.toc = done["content"], done["toc"]
                page._title_from_render = done["_title_from_render"]
                page.present_anchor_ids = set(done["present_anchor_ids"])
                page.links_to_anchors = None if done["links"] is None else {
                    files.get_file_from_path(uri): dict(v) for uri, v in done["links"].items()
                    if files.get_file_from_path(uri) is not None}
                for record in done["records"]:
                    logging.getLogger(record.name).handle(record)
            self.converted_now[key] = done
        return convert

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
        from .export import API_DIR

        self.converted, self.converted_now = self.converted_now, {}  # keep this build's pages only

        files = {f"{API_DIR}/{rel}": text for rel, text in self.api.items()} | self.feed_files
        for rel, text in files.items():
            path = Path(config.site_dir) / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
