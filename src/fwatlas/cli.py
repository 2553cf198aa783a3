"""Command line: `fwatlas check` (more subcommands plug in here)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .problems import format_problems, summary

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _cmd_check(args: argparse.Namespace) -> int:
    from .pipeline import check_project

    root = Path(args.root).resolve()
    if not (root / "data").is_dir():
        print(f"fwatlas: no data/ folder in {root}", file=sys.stderr)
        return EXIT_USAGE
    kb, problems = check_project(root)
    output = format_problems(problems, args.format)
    if output:
        print(output)
    failing = [p for p in problems if p.severity == "error" or args.strict]
    if args.format == "text":
        counts = (f"{len(kb.frameworks)} frameworks, {len(kb.dimensions)} dimensions, "
                  f"{len(kb.tools)} tools, {len(kb.claims)} claims")
        print(f"fwatlas check: {counts}; {summary(problems)}", file=sys.stderr)
    return EXIT_PROBLEMS if failing else EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="fwatlas", description="Framework Atlas data tools.")
    sub = p.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate and check every data file")
    check.add_argument("--format", choices=["text", "github", "json"], default="text",
                       help="text (file:line:col: rule: message), github annotations, or json")
    check.add_argument("--strict", action="store_true", help="warnings fail too")
    check.add_argument("--root", default=".", help="project folder holding data/ (default: .)")
    check.set_defaults(run=_cmd_check)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
