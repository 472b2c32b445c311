"""The ``ckg`` command: options in, a ``KnowledgeGraph`` call, output out. No logic of its own.

Errors a user can cause print one line on stderr and exit non-zero; ``--debug`` shows the
traceback. Every command takes ``--store DIR|URL`` (else ``CKG_STORE``, else the default).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from ckg import __version__
from ckg.errors import CkgError, QueryError
from ckg.settings import SETTINGS, Settings

EXIT_FAILED = 1  # the command ran and found a problem (failed documents, violations)
EXIT_ERROR = 2  # the command could not run (bad arguments, unreadable store, bad query)


def _settings_epilog() -> str:
    lines = ["settings (environment variables):"]
    for s in SETTINGS:
        default = "" if s.default is None else f" [default: {s.default}]"
        lines.append(f"  {s.env:<22} {s.help.split('. ')[0]}{default}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--store",
        metavar="DIR|URL",
        help="store directory or SPARQL endpoint URL (default: $CKG_STORE or ~/.local/share/ckg/store)",
    )
    common.add_argument("--debug", action="store_true", help="show tracebacks on errors")

    p = argparse.ArgumentParser(
        prog="ckg",
        description="Knowledge graph of children's and young people's services commissioning in England.",
        epilog=_settings_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"ckg {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser("build", parents=[common], help="load documents into the store")
    b.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the bundled corpus)")
    b.add_argument("--quiet", action="store_true", help="no progress bars")
    b.add_argument("--json", action="store_true", help="print the build report as JSON")
    b.add_argument(
        "--prune",
        action="store_true",
        help="then remove documents whose file lay under the given folders and is gone",
    )

    r = sub.add_parser("remove", parents=[common], help="remove documents from the store")
    r.add_argument("documents", nargs="+", metavar="DOCUMENT", help="a file path, document IRI or title")
    r.add_argument("--json", action="store_true", help="print what was removed as JSON")

    a = sub.add_parser("ask", parents=[common], help="answer a question in plain English")
    a.add_argument("question", nargs="?", help="the question")
    a.add_argument("--top", type=int, default=None, help="answers to return (default 5)")
    a.add_argument("--json", action="store_true", help="print the answer as JSON")
    a.add_argument("--batch", metavar="FILE", help="one question per line; writes JSON Lines")

    q = sub.add_parser("sparql", parents=[common], help="run a SPARQL query, .rq file or named query")
    q.add_argument("query", nargs="?", help="query text, path to a .rq file, or a name from `--list`")
    q.add_argument(
        "--format",
        default="table",
        choices=["table", "json", "csv", "tsv", "xml", "turtle", "ntriples", "jsonld"],
    )
    q.add_argument(
        "--bind",
        action="append",
        default=[],
        metavar="VAR=VALUE",
        help="bind a variable (IRIs as <...> or http(s)://..., else a string); repeatable",
    )
    q.add_argument("--list", action="store_true", help="list the named queries")

    s = sub.add_parser("serve", parents=[common], help="run the web app")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--get", metavar="PATH", help="answer one request in-process, print it and exit")

    e = sub.add_parser("export", parents=[common], help="dump the graph")
    e.add_argument("--format", default="turtle", choices=["turtle", "nquads", "jsonld", "trig", "ntriples"])
    e.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")

    sub.add_parser("validate", parents=[common], help="SHACL-validate the built graph")
    st = sub.add_parser("stats", parents=[common], help="counts by class, documents, store size")
    st.add_argument("--json", action="store_true")
    sm = sub.add_parser(
        "summary", parents=[common], help="a short readable summary: documents, counts, top funders, examples"
    )
    sm.add_argument("--csv-dir", metavar="DIR", help="also write the wide listings there as CSV files")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except CkgError as e:
        if args.debug:
            raise
        print(f"ckg {args.command}: error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _kg(args: argparse.Namespace):
    from ckg.kg import KnowledgeGraph

    kg = KnowledgeGraph(store=args.store, settings=Settings.from_env())
    kg.purpose = f"ckg {args.command}"  # how a refused ``ckg build`` names this process
    return kg


def _trace_stage(stage: str, document: str) -> None:
    """``CKG_TRACE_STAGES=1``: one machine-readable line per build stage, flushed at once, so a
    script (or the crash tests, which SIGKILL the build at chosen stages) can follow it."""
    print(f"stage {stage} {document or '-'}", file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    with _kg(args) as kg:
        trace = _trace_stage if kg.settings.trace_stages else None
        report = kg.build(args.paths or None, progress=not args.quiet, on_stage=trace, prune=args.prune)
    if args.json:
        print(
            json.dumps(
                {
                    "seconds": round(report.seconds, 2),
                    "notes": report.notes,
                    "documents": [o.__dict__ for o in report.outcomes],
                    "removed": [r.__dict__ for r in report.removed],
                },
                indent=2,
                default=str,
            )
        )
    else:
        for o in report.outcomes:
            if o.status == "loaded":
                counts = ", ".join(f"{v} {k}" for k, v in o.counts.items() if v)
                print(f"loaded    {o.path} ({o.passages} passages; {counts}) in {o.seconds:.1f} s")
            elif o.status == "unchanged":
                print(f"unchanged {o.path}")
            else:
                print(f"failed    {o.path}: {o.reason}")
        for r in report.removed:
            print(f"removed   {r.line()}: its file {r.path} is gone")
        for note in report.notes:
            print(f"note      {note}")
        print(f"{report.summary()}; store: {kg.location}")
    return 0 if report.ok else EXIT_FAILED


def cmd_remove(args: argparse.Namespace) -> int:
    with _kg(args) as kg:
        trace = _trace_stage if kg.settings.trace_stages else None
        report = kg.remove(args.documents, on_stage=trace)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        for r in report.removed:
            print(f"removed   {r.line()}")
        print(f"{report.summary()}; store: {kg.location}")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    if not args.batch and not args.question:
        raise CkgError("give a QUESTION or --batch FILE")
    with _kg(args) as kg:
        if args.batch:
            path = Path(args.batch)
            try:
                lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
            except OSError as e:
                raise CkgError(f"cannot read {path}: {e.strerror}") from None
            for line in lines:
                if line:
                    print(json.dumps(kg.ask(line, args.top), ensure_ascii=False), flush=True)
            return 0
        answer = kg.ask(args.question, args.top)
    if args.json:
        print(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        print(render_answer(answer))
    return 0


def render_answer(answer: dict[str, Any]) -> str:
    from ckg.queries.ask.render import render_text

    return render_text(answer)


def _parse_bind(items: list[str]) -> dict[str, Any]:
    """``--bind VAR=VALUE`` pairs as RDF terms: ``<...>`` and web addresses are IRIs, numbers are
    typed numbers (a plain "0.7" would never compare with ``ckg:confidence``), the rest strings.

    >>> b = _parse_bind(["min_confidence=0.7", "rank=2", "funder=<https://w3id.org/ckg/id/org/x>", "name=Jo"])
    >>> b["min_confidence"].n3()
    '"0.7"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    >>> b["rank"].toPython(), b["funder"].n3(), b["name"].n3()
    (2, '<https://w3id.org/ckg/id/org/x>', '"Jo"')
    """
    from rdflib import Literal, URIRef

    out: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise QueryError(f"--bind wants VAR=VALUE, got {item!r}")
        value = value.strip()
        if value.startswith("<") and value.endswith(">"):
            out[name.lstrip("?")] = URIRef(value[1:-1])
        elif value.startswith(("http://", "https://", "mailto:", "tel:")):
            out[name.lstrip("?")] = URIRef(value)
        elif re.fullmatch(r"[+-]?\d+", value):
            out[name.lstrip("?")] = Literal(int(value))  # xsd:integer, so it compares with numbers
        elif re.fullmatch(r"[+-]?(?:\d+\.\d*|\.\d+)", value):
            out[name.lstrip("?")] = Literal(Decimal(value))  # xsd:decimal: min_confidence=0.7
        else:
            out[name.lstrip("?")] = Literal(value)
    return out


def cmd_sparql(args: argparse.Namespace) -> int:
    from ckg.queries import formats, library

    if args.list:
        for q in library.all_queries().values():
            binds = "".join(
                f"  [--bind {name}={'IRI' if 'IRI' in desc else 'VALUE'}]" for name, desc in q.params
            )
            print(f"{q.name:<28} {q.title}{binds}")
        return 0
    if not args.query:
        raise CkgError("give a QUERY (text, .rq file or name; `ckg sparql --list` shows the names)")
    with _kg(args) as kg:
        result = kg.sparql(args.query, _parse_bind(args.bind))
    fmt = args.format
    if result.kind == "graph" and fmt in ("json", "csv", "tsv", "xml"):
        fmt = "turtle"
    # at a terminal a table fits its width (piped or redirected, lines are left whole)
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    try:
        out = formats.write(result, fmt, width=width)
    except ValueError as e:
        raise QueryError(str(e)) from None
    if isinstance(out, bytes):
        sys.stdout.buffer.write(out)
        if not out.endswith(b"\n"):
            sys.stdout.buffer.write(b"\n")
    else:
        print(out)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ckg.web.server import serve

    return serve(_kg(args), host=args.host, port=args.port, get=args.get)


def cmd_export(args: argparse.Namespace) -> int:
    with _kg(args) as kg:
        data = kg.export(args.format)
    if args.output:
        Path(args.output).write_bytes(data)
        print(f"wrote {len(data):,} bytes to {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    with _kg(args) as kg:
        report = kg.validate()
    if report.conforms:
        print("graph conforms to the SHACL shapes")
        return 0
    for v in report.violations[:200]:
        print(f"{v.severity}: {v.focus} {v.path or ''}: {v.message}")
    print(f"{len(report.violations)} violation(s)", file=sys.stderr)
    return EXIT_FAILED


def cmd_stats(args: argparse.Namespace) -> int:
    from ckg.queries.formats import shorten

    with _kg(args) as kg:
        stats = kg.stats()
    if args.json:
        print(json.dumps(stats, indent=2, default=str))
        return 0
    size = "size not reported" if stats["size_bytes"] is None else f"{stats['size_bytes'] / 1e6:.1f} MB"
    print(
        f"store: {stats['store']} ({size}, {stats['named_graphs']} named graphs, "
        f"{stats['index_vectors']} embedded passages and labels)"
    )
    print(f"documents loaded: {len(stats['documents'])}")
    for d in stats["documents"]:
        years = f" {d.get('start')}-{d.get('end')}" if d.get("start") else ""
        print(f"  {d['title']} [{d.get('area') or '?'}{years}] ({d['source']})")
    print("resources by class:")
    for cls, n in stats["counts"].items():
        print(f"  {n:>7}  {shorten(cls)}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from ckg.queries.summary import render

    with _kg(args) as kg:
        summary = kg.summary(args.csv_dir)
    print(render(summary))
    return 0


COMMANDS = {
    "build": cmd_build,
    "remove": cmd_remove,
    "ask": cmd_ask,
    "sparql": cmd_sparql,
    "serve": cmd_serve,
    "export": cmd_export,
    "validate": cmd_validate,
    "stats": cmd_stats,
    "summary": cmd_summary,
}


if __name__ == "__main__":
    sys.exit(main())
