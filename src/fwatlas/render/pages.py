"""Data -> Markdown pages. Plain Python + Jinja: no MkDocs import, so the site
generator can move to another static-site tool without touching this module."""
from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

from markupsafe import Markup

from ..checks.claims import evaluate
from ..kb import KnowledgeBase, version_key
from ..model import NOT_APPLICABLE, UNKNOWN, VIA_BACKEND
from . import urls
from .cells import STATUS_BADGE, cell
from .context import SiteContext
from .jinja_env import environment
from ..pagedata import GeneratedPage
from .searchtext import platform_lines, tool_text
from .lineage import lineage
from . import finder as finder_mod
from .timeline import timeline
from .wheels import INTEL_MAC, PLATFORMS, RECENT_PYTHON, framework_matrix, requires_python, spans, split, upload_day

VERDICTS = ("accurate", "outdated", "misleading", "wrong", "depends")
TOOL_CATEGORIES = {
    "server": "Model serving", "mobile-edge": "Mobile and edge", "browser": "Browser",
    "exchange-format": "Exchange formats", "pipeline": "Production pipelines",
    "compiler": "Compilers", "library": "Libraries", "hub": "Model hubs",
    "hardware": "Hardware routes (vendor plugins, extensions, separate builds)",
}


COMPARE_DEFAULT_COUNT = 6


class SiteRenderer:
    def __init__(self, kb: KnowledgeBase, ctx: SiteContext | None = None):
        self.kb = kb
        self.ctx = ctx or SiteContext()
        self.env = environment(kb.root)
        self.frameworks = kb.sorted_frameworks()   # lists and navigation: by name
        self.columns = kb.ranked_frameworks()      # table columns: active and most used first

    def _render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(**context)

    @staticmethod
    def _assets(page: str) -> str:
        return urls.relative(page, urls.HOME) + "assets/"

    def _fw_links(self, page: str, frameworks=None) -> list[dict]:
        return [{"id": fw.id, "name": fw.name, "href": urls.relative(page, urls.framework_page(fw.id)),
                 "summary": fw.summary, "status": self.kb.status_of(fw), "draft": self.kb.is_draft(fw),
                 "caveat": self._status_caveat(fw),
                 "badge": STATUS_BADGE.get(self.kb.status_of(fw), "")} for fw in frameworks or self.frameworks]

    def _status_caveat(self, fw) -> str:
        fact = fw.facts.get("history.status")
        return (fact.caveat or "") if fact else ""

    def _rows(self, topic, page: str, links: bool = False) -> list[dict]:
        ctx = self.ctx if links else None
        rows = []
        for dim in topic.dimensions:
            cells = [cell(self.kb, fw, dim, page, ctx) for fw in self.columns]
            for fw, c in zip(self.columns, cells):  # where the cell's sources are shown in full
                c["cell_href"] = urls.relative(page, urls.topic_page(topic.id), f"{fw.id}--{dim.id}")
            summary = ". ".join(f"{c['framework']}: {c['short'] or 'not recorded'}" for c in cells)
            rows.append({"dim": dim, "href": urls.relative(page, urls.topic_page(topic.id), dim.id),
                         "cells": cells, "summary": summary})
        return rows

    # -- pages ----------------------------------------------------------------
    def topic(self, topic) -> GeneratedPage:
        page = urls.topic_page(topic.id)
        md = self._render("topic.md.j2", topic=topic, frameworks=self._fw_links(page, self.columns),
                          rows=self._rows(topic, page, links=True))
        return GeneratedPage(page, topic.label, f"{topic.label}: {topic.description}",
                             "data/dimensions.yaml", md, wide=True, search_boost=2.0)

    def framework(self, fw) -> GeneratedPage:
        from .cells import quiet_marker
        from .freshness import newest_release_header  # it builds on this module
        page = urls.framework_page(fw.id)
        sections = [{"topic": t, "rows": [
            {"dim": d, "cell": cell(self.kb, fw, d, page, self.ctx, anchor=d.id),
             "topic_href": urls.relative(page, urls.topic_page(t.id), d.id)} for d in t.dimensions]}
            for t in self.kb.topics]
        tools = [{"name": t.name, "href": urls.relative(page, urls.TOOLS, f"tool-{t.id}"), "status": t.status,
                  "badge": STATUS_BADGE.get(t.status, ""), "category": TOOL_CATEGORIES[t.category]}
                 for t in sorted(self.kb.tools.values(), key=lambda t: t.name.lower()) if fw.id in t.frameworks]
        releases = sorted(fw.releases, key=lambda r: version_key(r.version), reverse=True)
        status = self.kb.status_of(fw)
        json_href = urls.relative(page, urls.HOME) + f"api/v1/frameworks/{fw.id}.json"
        index = self.kb.index.get(fw.id)
        md = self._render("framework.md.j2", all_href=urls.relative(page, urls.FRAMEWORKS), fw=fw,
                          **self._wheels(index),
                          platforms_href=urls.relative(page, urls.PLATFORMS), sections=sections, releases=releases, tools=tools,
                          json_href=json_href, draft=self.kb.is_draft(fw), caveat=self._status_caveat(fw),
                          status=status, status_badge=STATUS_BADGE.get(status, ""),
                          newest=newest_release_header(self.kb, fw), quiet=quiet_marker(self.kb, fw),
                          **self._builds(fw, page))
        return GeneratedPage(page, fw.name, fw.summary, self.kb.file_of("framework", fw.id), md,
                             search_boost=2.0 if status == "active" else 0.5)

    def _builds(self, fw, page: str) -> dict:
        """The framework page's Builds section: series x accelerator, bars over time, every build."""
        from . import install as install_mod
        from .buildbars import bars
        builds = self.kb.builds.get(fw.id)
        rows = []
        if builds is not None and builds.variants:
            data = install_mod.install_data(self.kb, page)
            tables = install_mod.builds_tables({**data, "frameworks": [f for f in data["frameworks"] if f["id"] == fw.id]})
            rows = tables[0]["rows"] if tables else []
        from .buildevents import build_events
        events = build_events(self.kb, fw.id)
        by_series: dict = {}
        for e in events:
            by_series.setdefault(e["series"], []).append(e)
        # a release row shows the events of its series ("2.3" and "2.3.0" both name the series 2.3)
        by_release = {r.version: by_series.get(".".join(r.version.split(".")[:2]), []) for r in fw.releases}
        from . import apis as apis_mod
        return {"api_groups": apis_mod.timeline(self.kb, fw.id), "api_defaults": apis_mod.defaults(self.kb, fw.id),
                "migration": apis_mod.migrating(self.kb, fw.id),
                "build_events": events, "events_by_series": by_release,
                "builds_matrix": install_mod.series_matrix(self.kb, fw.id), "build_bars": bars(self.kb, fw.id),
                "build_rows": rows, "builds_none": builds.none if builds else "",
                "install_href": urls.relative(page, install_mod.INSTALL) + f"?fw={fw.id}"}

    def compare(self) -> GeneratedPage:
        page = urls.COMPARE
        sections = [{"topic": t, "href": urls.relative(page, urls.topic_page(t.id)), "rows": self._rows(t, page)}
                    for t in self.kb.topics]
        frameworks = self._fw_links(page, self.columns)
        # Opens on the active frameworks with the largest ecosystems, as many as fit a laptop screen.
        default = [f["id"] for f in frameworks if f["status"] == "active"][:COMPARE_DEFAULT_COUNT]
        from ..export import API_DIR

        # + <id>.json, fetched on demand by the script: a URL as the page sees it (urls.url_relative)
        notes = urls.url_relative(page, urls.HOME) + API_DIR + "/frameworks/"
        md = self._render("compare.md.j2", assets=self._assets(page), frameworks=frameworks, sections=sections, default=default,
                          notes_href=notes)
        return GeneratedPage(page, "Compare", "Compare deep-learning frameworks side by side, every cell sourced.",
                             "data/frameworks", md, wide=True, full_width=True, searchable=False)

    def _claim_runs(self, page: str, claim) -> list[dict]:
        """The recorded snippet runs a claim is graded by, linked to their section of the
        Code side by side page, with the run's outcome and day."""
        if not claim.runs:
            return []
        from ..snippets.data import load_results
        from .snippets import PAGE, run_anchor

        results = load_results(self.kb.root)
        return [{"unit": unit, "href": urls.relative(page, PAGE, run_anchor(unit)),
                 "status": (results.get(unit) or {}).get("status", "not run"),
                 "date": (results.get(unit) or {}).get("date", "")} for unit in claim.runs]

    def framework_list(self) -> GeneratedPage:
        """Every framework, grouped by status. The sidebar links here instead of listing
        each framework on every page (that grew with the square of the framework count)."""
        page = urls.FRAMEWORKS
        order = list(STATUS_BADGE)
        groups: dict[str, list] = {}
        for fw in sorted(self._fw_links(page), key=lambda f: (f["draft"], order.index(f["status"])
                                                                 if f["status"] in order else len(order))):
            groups.setdefault("draft" if fw["draft"] else fw["status"], []).append(fw)
        md = self._render("frameworks.md.j2", groups=groups, compare=urls.relative(page, urls.COMPARE),
                          finder=urls.relative(page, urls.FINDER))
        return GeneratedPage(page, "Frameworks", f"The {len(self.kb.frameworks)} deep-learning frameworks in the atlas, "
                             "active and retired, each with its own sourced page.", "data/frameworks", md)

    @staticmethod
    def _wheels(index) -> dict:
        matrix = framework_matrix(index) if index else None
        newest, older = split(matrix) if matrix else (None, None)
        return {"wheels": newest, "older_wheels": older}

    def platforms(self) -> GeneratedPage:
        """Across frameworks: the first and last release with wheels for each Python version
        and platform, from the package index (data/index/)."""
        page = urls.PLATFORMS
        rows, minors, seen = [], set(), set()
        for fw in self.columns:
            index = self.kb.index.get(fw.id)
            package, newest, py, plat = spans(index) if index else ("", "", {}, {})
            rows.append({"name": fw.name, "href": urls.relative(page, urls.framework_page(fw.id), "wheels"),
                         "package": package, "newest": newest, "python": py, "platforms": plat,
                         "requires": requires_python(index) if index and not py else "",
                         "note": "" if index else (fw.packages_note or "no packages on the package index")})
            minors |= set(py)
            seen |= set(plat)
        minors = sorted((m for m in minors if tuple(int(x) for x in m.split(".")) >= RECENT_PYTHON),
                        key=lambda m: tuple(int(x) for x in m.split(".")), reverse=True)
        platforms = [(k, label) for k, label in PLATFORMS.items() if k in seen]
        # Intel Macs: per framework, the last release with macOS x86-64 wheels and the day it was uploaded
        intel = {"ended": [], "current": [], "pure": [], "never": [], "no_wheels": []}
        for fw, row in zip(self.columns, rows):
            span = row["platforms"].get(INTEL_MAC)
            if span:
                day = "" if span.current else upload_day(self.kb.index.get(fw.id), span.last)
                intel["current" if span.current else "ended"].append({**row, "span": span, "day": day})
            else:
                kind = "no_wheels" if not row["platforms"] else "pure" if "any" in row["platforms"] else "never"
                intel[kind].append(row["name"])
        search = {"python": platform_lines(rows, [(m, f"Python {m}") for m in minors], "python"),
                  "platforms": platform_lines(rows, platforms, "platforms")}
        md = self._render("platforms.md.j2", rows=rows, minors=minors, platforms=platforms, intel_key=INTEL_MAC,
                          intel=intel, search=search)
        return GeneratedPage(page, "Python and platforms", "Which releases of each framework have wheels for a "
                             "Python version or a platform: the first and the last, from the package index.",
                             "data/index", md, wide=True, full_width=True, search_boost=2.0)

    def install(self) -> GeneratedPage:
        """The install picker: per framework, the builds that fit a reader's machine."""
        from . import install as install_mod
        page = install_mod.INSTALL
        data = install_mod.install_data(self.kb, page)
        md = self._render("install.md.j2", assets=self._assets(page), data_json=_json_script(install_mod.picker_json(data)),
                          questions=[{"label": q, "query": query} for q, query in install_mod.QUESTIONS],
                          platforms=data["platforms"], pythons=data["pythons"], accelerators=data["accelerators"],
                          gpus=data["gpus"], gpu_sources=data["gpu_sources"],
                          frameworks=[{"id": f["id"], "name": f["name"]} for f in data["frameworks"]],
                          tables=install_mod.builds_tables(data, current_only=True))
        return GeneratedPage(page, "Install", "Which release and which build of each framework runs on your "
                             "system, Python and GPU, with the exact install command and its source.",
                             "data/builds", md, wide=True)

    def home(self) -> GeneratedPage:
        page = urls.HOME
        kb = self.kb
        facts = [f for fw in kb.frameworks.values() for f in fw.facts.values()]
        checked = sorted(f.as_of for f in facts)
        counts = {
            "frameworks": len(kb.frameworks), "dimensions": len(kb.dimensions), "topics": len(kb.topics),
            "facts": len(facts), "unknown": sum(f.value == UNKNOWN for f in facts),
            "not_applicable": sum(f.value == NOT_APPLICABLE for f in facts),
            "via_backend": sum(f.value == VIA_BACKEND for f in facts),
            "sources": len({s.url for s, _ in kb.all_sources()}), "tools": len(kb.tools), "claims": len(kb.claims),
        }
        freshness = {
            "oldest": checked[0] if checked else None, "newest": checked[-1] if checked else None,
            "recent": sum((kb.today - d).days <= 90 for d in checked),
            "stale": sum(kb.is_stale(d) for d in checked),
        }
        topics = [{"label": t.label, "description": t.description, "href": urls.relative(page, urls.topic_page(t.id))}
                  for t in kb.topics]
        finder_href = urls.relative(page, finder_mod.FINDER)
        questions = [{"label": q, "href": f"{finder_href}?{query}"} for q, query in finder_mod.QUESTIONS]
        from . import install as install_mod
        install_href = urls.relative(page, install_mod.INSTALL)
        install_questions = [{"label": q, "href": f"{install_href}?{query}"} for q, query in install_mod.QUESTIONS[:3]]
        links = {"finder": finder_href, "install": install_href, "compare": urls.relative(page, urls.COMPARE),
                 "platforms": urls.relative(page, urls.PLATFORMS), "snippets": urls.relative(page, "snippets.md"),
                 "has_snippets": (kb.root / "data/snippets").is_dir(),
                 "claims": urls.relative(page, urls.CLAIMS), "history": urls.relative(page, urls.HISTORY),
                 "tools": urls.relative(page, urls.TOOLS), "data": urls.relative(page, urls.DATA)}
        md = self._render("home.md.j2", counts=counts, freshness=freshness, frameworks=self._fw_links(page),
                          topics=topics, today=kb.today.isoformat(), questions=questions, links=links,
                          install_questions=install_questions)
        return GeneratedPage(page, "Framework Atlas",
                             "A sourced, machine-checked comparison of deep-learning frameworks.", "data", md)

    def finder(self) -> GeneratedPage:
        page = finder_mod.FINDER
        import json
        data = json.dumps(finder_mod.finder_data(self.kb, page), sort_keys=True, ensure_ascii=False,
                          separators=(",", ":"))
        # inert inside <script type="application/json">: no "</script>" or "<!--" can form
        data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        md = self._render("finder.md.j2", assets=self._assets(page), groups=finder_mod.needs(self.kb), data_json=Markup(data),
                          questions=[{"label": q, "query": query,
                                      "rows": finder_mod.question_rows(self.kb, query, page)}
                                     for q, query in finder_mod.QUESTIONS],
                          platforms=finder_mod.PLATFORMS, pythons=finder_mod.PYTHONS,
                          compare_href=urls.relative(page, urls.COMPARE),
                          platforms_href=urls.relative(page, urls.PLATFORMS))
        return GeneratedPage(page, "Find a framework",
                             "State your hardware, deployment and platform needs and see which deep-learning "
                             "frameworks meet them, with the cited fact behind each verdict.", "data/frameworks", md,
                             wide=True)

    def data(self) -> GeneratedPage:
        from ..export import API_DIR
        from ..model import KINDS
        page = urls.DATA
        api = urls.relative(page, urls.HOME) + API_DIR + "/"
        md = self._render("data.md.j2", api=api, frameworks=self.frameworks, kinds=list(KINDS),
                          index_ids=sorted(self.kb.index), tool_index_ids=sorted(self.kb.tool_index),
                          has_snippets=(self.kb.root / "data" / "snippets").is_dir())
        return GeneratedPage(page, "Data and API", "Framework Atlas data as JSON and CSV (the API): frameworks, facts, "
                             "tools, claims and JSON Schemas, rebuilt with the site.", "data", md, search_boost=2.0)

    def history(self) -> GeneratedPage:
        page = urls.HISTORY
        links = {fw.id: urls.relative(page, urls.framework_page(fw.id), "releases") for fw in self.frameworks}
        from .buildevents import build_events
        events = [{**e, "framework": fw.name, "href": urls.relative(page, urls.framework_page(fw.id), "builds")}
                  for fw in self.frameworks for e in build_events(self.kb, fw.id)]
        events.sort(key=lambda e: e["day"], reverse=True)
        md = self._render("history.md.j2", tl=timeline(self.kb), lg=lineage(self.kb), links=links,
                          build_events=events[:30])
        return GeneratedPage(page, "Timeline", "When each deep-learning framework was released, and how they descend "
                             "from each other.", "data/frameworks", md, wide=True)

    def claims(self) -> GeneratedPage:
        page = urls.CLAIMS
        kb = self.kb
        dims = kb.dimensions
        groups = []
        for topic in kb.topics:
            items = []
            for c in sorted(kb.claims.values(), key=lambda c: c.id):
                if c.topic != topic.id:
                    continue
                evidence = []
                for address in c.evidence:
                    fw_id, _, dim_id = address.partition(":")
                    fw, dim = kb.frameworks.get(fw_id), dims.get(dim_id)
                    if fw and dim:
                        evidence.append({"label": f"{fw.name}: {dim.label}",
                                         "href": urls.relative(page, urls.framework_page(fw_id), dim_id)})
                result = evaluate(kb, c.check) if c.check else None
                about = {a.partition(":")[0] for a in c.evidence}
                if c.check and c.check.fact:
                    about.add(c.check.fact.partition(":")[0])
                if c.check and c.check.release:
                    about.add(c.check.release.partition("@")[0])
                if c.check and c.check.tool and c.check.tool in kb.tools:
                    about.update(kb.tools[c.check.tool].frameworks)
                items.append({"id": c.id, "claim": c.claim, "verdict": c.verdict, "explanation": c.explanation,
                              "frameworks": " ".join(sorted(f for f in about if f in kb.frameworks)),
                              "sources": [s.model_dump() for s in c.sources], "evidence": evidence,
                              "machine": result[1] if result else "", "as_of": c.as_of.isoformat(),
                              "runs": self._claim_runs(page, c)})
            if items:
                groups.append({"topic": topic, "claims": items})
        tally = Counter(c.verdict for c in kb.claims.values())
        verdicts = [{"name": v, "count": tally.get(v, 0)} for v in VERDICTS]
        md = self._render("claims.md.j2", assets=self._assets(page), groups=groups, verdicts=verdicts, frameworks=self._fw_links(page))
        return GeneratedPage(page, "Myths and facts",
                             "Common claims about deep-learning frameworks, graded against sourced facts.",
                             "data/claims", md)

    def tools(self) -> GeneratedPage:
        from .cells import quiet_marker
        page = urls.TOOLS
        kb = self.kb
        groups = []
        for category, label in TOOL_CATEGORIES.items():
            tools = sorted((t for t in kb.tools.values() if t.category == category), key=lambda t: t.name.lower())
            if not tools:
                continue
            rows = []
            for t in tools:
                successor = kb.tools.get(t.replaced_by) if t.replaced_by else None
                rows.append({
                    "id": t.id, "name": t.name, "formerly": t.formerly, "homepage": t.homepage,
                    "frameworks": [{"name": kb.frameworks[f].name, "href": urls.relative(page, urls.framework_page(f))}
                                   for f in t.frameworks if f in kb.frameworks],
                    "status": t.status, "badge": STATUS_BADGE.get(t.status, ""), "status_since": t.status_since,
                    "replaced_by": {"id": successor.id, "name": successor.name} if successor else None,
                    "summary": t.summary, "note": t.note, "sources": [s.model_dump() for s in t.sources],
                    "as_of": t.as_of.isoformat(), "stale": kb.is_stale(t.as_of), "quiet": quiet_marker(kb, t),
                    "sent_users_to": t.sent_users_to or "",
                    "sent_users_sources": [s.model_dump() for s in t.sent_users_sources]})
                rows[-1]["search"], rows[-1]["search_more"] = tool_text(rows[-1])
            groups.append({"id": category, "label": label, "short": label.split(" (")[0], "tools": rows})
        md = self._render("tools.md.j2", groups=groups)
        return GeneratedPage(page, "Deployment tools",
                             "Deployment and ecosystem tools for deep-learning frameworks, with their lifecycle.",
                             "data/tools", md, wide=True,  # the notes get the width; the page has its own contents
                             search_boost=2.0)


def rules_page(kb: KnowledgeBase | None = None) -> GeneratedPage:
    """The data rules, from their docstrings, and the value types, support levels and
    no-answer values, from data/dimensions.yaml: what each means and an example."""
    from ..checks import RULES

    dims = kb.dimensions_file if kb is not None else None
    dimensions = [{"id": d.id, "label": d.label, "type": d.type, "help": d.help, "vocab": d.values or {}}
                  for t in (kb.topics if kb is not None else []) for d in t.dimensions]
    md = environment().get_template("rules.md.j2").render(
        rules=RULES, types=dims.types if dims else {}, no_answer=dims.no_answer if dims else {},
        support_levels=dims.support_levels if dims else {}, dimensions=dimensions)
    return GeneratedPage(urls.RULES, "Data rules", "Every rule fwatlas check applies to the data, with examples.",
                         "src/fwatlas/checks", md)


def _json_script(data) -> Markup:
    """JSON for a <script type="application/json"> block: inert, no "</script>" or "<!--" can form."""
    import json
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def render_site(kb: KnowledgeBase, ctx: SiteContext | None = None) -> list[GeneratedPage]:
    """Every generated page, in a stable order."""
    r = SiteRenderer(kb, ctx)
    pages = [r.home(), r.compare(), r.finder()]
    pages += [r.topic(t) for t in kb.topics]
    pages += [r.framework_list()] + [r.framework(fw) for fw in r.frameworks]
    pages += [r.install(), r.platforms(), r.history(), r.tools(), r.claims(), r.data(), rules_page(kb)]
    from .freshness import freshness_generated_page  # it builds on this module

    pages.append(freshness_generated_page(kb, kb.today))
    from .snippets import snippets_generated_page

    from .apis import versions_of
    snippets = snippets_generated_page(kb.root, versions_of(kb))
    pages += [snippets] if snippets else []
    return pages


def nav_sections(kb: KnowledgeBase) -> dict[str, list[dict[str, str]]]:
    """Generated nav entries, by placeholder name used in mkdocs.yml (`fwatlas:topics`).

    MkDocs' theme templates do not autoescape, so titles are escaped here.
    """
    return {
        "topics": [{html.escape(t.label): urls.topic_page(t.id)} for t in kb.topics],
        # one entry: the list page (see framework_list); framework pages are `not_in_nav`
        "frameworks": [{"All frameworks": urls.FRAMEWORKS}],
    }
