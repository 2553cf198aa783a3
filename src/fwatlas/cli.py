"""Command line: `fwatlas check` (more subcommands plug in here)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .links import options as links_options
from .problems import format_problems, summary

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _checked(root: Path, watching: bool = False) -> tuple[dict, list]:
    """Counts and problems of the whole data set, from the cache when the inputs are unchanged."""
    from . import buildcache
    from .problems import Problem

    key = buildcache.input_key(root, "check")
    cached = buildcache.load(root, "check", key)
    if cached is None and not watching:
        from .watchmark import wait_for  # a running `check --watch` is about to store this verdict

        cached = wait_for(root, key)
    if cached is not None:
        return cached["counts"], [Problem(**p) for p in cached["problems"]]
    from dataclasses import asdict

    from .pipeline import check_project  # pydantic and the rules: only on a cache miss

    kb, problems = check_project(root)
    counts = {"frameworks": len(kb.frameworks), "dimensions": len(kb.dimensions),
              "tools": len(kb.tools), "claims": len(kb.claims)}
    buildcache.store(root, "check", key, {"counts": counts, "problems": [asdict(p) for p in problems]})
    return counts, problems


def _cmd_check(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    if not (root / "data").is_dir():
        print(f"fwatlas: no data/ folder in {root}", file=sys.stderr)
        return EXIT_USAGE
    if args.watch:
        from .watch import watch

        return watch(root, lambda: _report(args, root))
    return _report(args, root)


def _report(args: argparse.Namespace, root: Path) -> int:
    """Check, print the problems and the summary; the exit status."""
    counts, problems = _checked(root, watching=args.watch)
    if args.only:
        # pre-commit passes the changed files: report only theirs (the whole data set is still checked)
        wanted = {Path(f).resolve() for f in args.only}
        problems = [p for p in problems if (root / p.file).resolve() in wanted]
    output = format_problems(problems, args.format)
    if output:
        print(output, flush=args.watch)
    failing = [p for p in problems if p.severity == "error" or (args.strict and p.severity == "warning")]
    if args.format == "text":
        print(f"fwatlas check: {', '.join(f'{n} {k}' for k, n in counts.items())}; {summary(problems)}",
              file=sys.stderr)
    return EXIT_PROBLEMS if failing else EXIT_OK


def _cmd_links(args: argparse.Namespace) -> int:
    from .links.cli import run  # httpx and the checker: only for this command

    return run(args)


def _cmd_sync(args: argparse.Namespace) -> int:
    from .index.sync import run  # httpx and ruamel.yaml: only for this command

    return run(Path(args.root), args.frameworks or None, args.dry_run, args.index_url)


def _cmd_sitelinks(args: argparse.Namespace) -> int:
    from .sitelinks import check_site

    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"fwatlas: {site} is not a built site (no index.html); run `mkdocs build` first", file=sys.stderr)
        return EXIT_USAGE
    base_path = args.base_path
    if base_path is None:  # the path of site_url in mkdocs.yml, which absolute links start with
        from urllib.parse import urlsplit

        from .generate import read_mkdocs_config

        config = Path(args.config)
        site_url = read_mkdocs_config(config).get("site_url") if config.is_file() else None
        base_path = urlsplit(site_url or "/").path or "/"
    problems = check_site(site, base_path)
    if problems:
        print(format_problems(problems, "text"))
    print(f"fwatlas sitelinks: {len(problems)} broken internal link(s) or anchor(s) in {site}", file=sys.stderr)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from .export import stale_schemas, write_schemas

    root = Path(args.root).resolve()
    if args.check:
        stale = stale_schemas(root)
        for path in stale:
            print(f"{path}:1:1: editor.schema-stale: the committed schema differs from the models "
                  "(run `fwatlas schema` and commit the result)")
        return EXIT_PROBLEMS if stale else EXIT_OK
    for path in write_schemas(root):
        print(f"wrote {path.relative_to(root)}")
    return EXIT_OK


def _cmd_new(args: argparse.Namespace) -> int:
    import datetime as dt

    from .load import load
    from .scaffold import ScaffoldError, new_file

    root = Path(args.root).resolve()
    kb, _ = load(root)
    try:
        path = new_file(root, args.kind, args.id, args.name, kb, dt.date.today())
    except ScaffoldError as exc:
        print(f"fwatlas new: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {path.relative_to(root)}; fill in the TODOs, then run `fwatlas check`")
    return EXIT_OK


def _cmd_generate(args: argparse.Namespace) -> int:
    from .generate import GenerateError, OutputError, generate

    root = Path(args.root).resolve()
    try:
        # not resolved here: generate refuses a symbolic link, which resolving would hide
        written = generate(root, Path(args.outdir))
    except GenerateError as exc:
        print(format_problems(exc.problems, "text"), file=sys.stderr)
        print(f"fwatlas generate: {exc}; nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    except OutputError as exc:
        print(f"fwatlas generate: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # unwritable parent, full disk: the old output is left as it was
        reason = " ".join(str(exc.strerror or exc).split())  # one line, whatever the OS said
        where = " ({})".format(" ".join(str(exc.filename).split())) if exc.filename else ""
        print(f"fwatlas generate: cannot write {args.outdir}: {reason}{where}", file=sys.stderr)
        return EXIT_USAGE
    print(f"fwatlas generate: {len(written)} files in {args.outdir}; build it with "
          f"`mkdocs build -f {args.outdir}/mkdocs.yml`", file=sys.stderr)
    return EXIT_OK


def _cmd_diff(args: argparse.Namespace) -> int:
    from .datadiff import DiffError, default_base, diff, load_at, to_json, to_markdown, to_text
    from .load import load

    root = Path(args.root).resolve()
    try:
        args.base = args.base or default_base(root)
        old = load_at(root, args.base)
    except DiffError as exc:
        print(f"fwatlas diff: {exc}", file=sys.stderr)
        return EXIT_USAGE
    new, _ = load(root)
    d = diff(old, new)
    print({"markdown": lambda: to_markdown(d, args.base), "text": lambda: to_text(d),
           "json": lambda: to_json(d)}[args.format]())
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="fwatlas", description="Framework Atlas data tools.")
    sub = p.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate and check every data file")
    check.add_argument("--format", choices=["text", "github", "json"], default="text",
                       help="text (file:line:col: rule: message), github annotations, or json")
    check.add_argument("--strict", action="store_true", help="warnings fail too")
    check.add_argument("--root", default=".", help="project folder holding data/ (default: .)")
    check.add_argument("--only", nargs="*", metavar="FILE", help="report problems of these files only (pre-commit)")
    check.add_argument("--watch", action="store_true",
                       help="stay running and check again each time a file under data/ changes (Ctrl-C stops)")
    check.set_defaults(run=_cmd_check)

    schema = sub.add_parser("schema", help="write the JSON Schemas of the data files to data/schema/")
    schema.add_argument("--check", action="store_true", help="fail if the committed schemas are stale")
    schema.add_argument("--root", default=".")
    schema.set_defaults(run=_cmd_schema)

    new = sub.add_parser("new", help="start a new data file with every field present")
    new.add_argument("kind", choices=["framework", "tool", "claim"])
    new.add_argument("id", help="lowercase id, also the file name (e.g. my-framework)")
    new.add_argument("--name", help="display name (default: from the id)")
    new.add_argument("--root", default=".")
    new.set_defaults(run=_cmd_new)

    dif = sub.add_parser("diff", help="facts added, changed and removed since a git ref")
    dif.add_argument("base", nargs="?", default=None,
                     help="git ref to compare against (default: origin/main, or main when there is no remote)")
    dif.add_argument("--format", choices=["markdown", "text", "json"], default="markdown")
    dif.add_argument("--root", default=".")
    dif.set_defaults(run=_cmd_diff)
    gen = sub.add_parser("generate", help="write the whole site as a plain MkDocs project (no plugin needed)")
    gen.add_argument("outdir", help="folder to write: new, empty, or written by generate before (then replaced)")
    gen.add_argument("--root", default=".")
    gen.set_defaults(run=_cmd_generate)
    sync = sub.add_parser("sync", help="read versions, Python versions and platforms from the package index "
                                       "into data/index/ (machine-written files)")
    sync.add_argument("frameworks", nargs="*", help="framework ids (default: all)")
    sync.add_argument("--dry-run", action="store_true", help="print the diff of the data files, write nothing")
    sync.add_argument("--index-url", help="the simple index to read (default: pip's configured index)")
    sync.add_argument("--root", default=".", help="the project folder")
    sync.set_defaults(run=_cmd_sync)
    from . import freshness

    stale = freshness.add_arguments(sub.add_parser("stale", help="checked values by age, oldest first"))
    stale.set_defaults(run=freshness.run)
    site = sub.add_parser("sitelinks", help="every internal link and anchor of a built site resolves")
    site.add_argument("site", nargs="?", default="site", help="the built site folder (default: site)")
    site.add_argument("--base-path", help="the path the site is served under (default: from site_url in --config)")
    site.add_argument("--config", default="mkdocs.yml", help="mkdocs.yml to read site_url from")
    site.set_defaults(run=_cmd_sitelinks)
    links_options.register(sub).set_defaults(run=_cmd_links)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # e.g. `fwatlas diff main | head`
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
