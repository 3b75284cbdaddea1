"""The `mapper` command line. Exit 0 on success, 2 on bad input with a one-line error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Annotated

import typer

from mapper import __version__

app = typer.Typer(
    help="Map what news articles say about a conflict: places, strike zones and their evidence.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
geodata_app = typer.Typer(help="Build or inspect the offline gazetteer and boundaries.",
                          no_args_is_help=True)
app.add_typer(geodata_app, name="geodata")
eval_app = typer.Typer(help="Score the mapper against annotated corpora.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


def fail(message: str) -> None:
    """Print a one-line error and exit with status 2."""
    typer.echo(f"mapper: error: {' '.join(str(message).split())}", err=True)
    raise typer.Exit(2)


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.")] = False,
) -> None:
    if version:
        typer.echo(__version__)
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


@geodata_app.command("build")
def geodata_build(
    force: Annotated[bool, typer.Option(help="Rebuild even when a valid cache exists.")] = False,
    quiet: Annotated[bool, typer.Option(help="No progress bar.")] = False,
) -> None:
    """Build the SQLite gazetteer into the cache directory (skipped when it is current)."""
    from mapper.gazetteer import build_gazetteer, ensure_gazetteer, gazetteer_path

    if force:
        counts = build_gazetteer(gazetteer_path(), progress=not quiet)
        typer.echo(f"built {gazetteer_path()}: {counts['places']:,} places, "
                   f"{counts['names']:,} names")
        return
    path = ensure_gazetteer(progress=not quiet)
    typer.echo(f"gazetteer ready: {path}")


@geodata_app.command("info")
def geodata_info(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Counts, sizes, sources and build date of the gazetteer and boundaries."""
    from mapper.geodata_info import collect_info, format_info

    info = collect_info()
    typer.echo(json.dumps(info, indent=2) if as_json else format_info(info))


@app.command("lookup")
def lookup(
    name: Annotated[str, typer.Argument(help="Place name as written, any script.")],
    country: Annotated[list[str], typer.Option(
        "--country", "-c", help="ISO 3166-1 alpha-2 code(s) the context points to.")] = [],  # noqa: B006
    fuzzy: Annotated[bool, typer.Option(help="Fall back to fuzzy matching.")] = True,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 5,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Ranked gazetteer candidates for a name."""
    from dataclasses import asdict

    from mapper.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    found = gazetteer.search(name, fuzzy=fuzzy, limit=limit,
                             context_countries=[c.upper() for c in country])
    if as_json:
        typer.echo(json.dumps([asdict(c) for c in found], ensure_ascii=False))
        return
    if not found:
        typer.echo(f"no place named {name!r} in the gazetteer")
        return
    for c in found:
        where = ", ".join(x for x in (c.admin1_name, c.country_code) if x)
        typer.echo(f"{c.score:6.3f}  {c.name} ({c.feature_type}; {where})  "
                   f"{c.lat:.4f}, {c.lon:.4f}  [{c.match}]")


@app.command("analyze")
def analyze_command(
    paths: Annotated[list[str], typer.Argument(
        help="Articles: .txt/.md (front matter allowed), .html, a .jsonl corpus, or - for stdin.",
        show_default=False)],
    date: Annotated[str | None, typer.Option(
        help="Article date YYYY-MM-DD, for articles that carry none of their own.")] = None,
    geojson: Annotated[Path | None, typer.Option(
        help="GeoJSON (RFC 7946) of places, zones and events.")
                       ] = None,
    gpkg: Annotated[Path | None, typer.Option(
        help="GeoPackage, layers 'places', 'zones' and 'events'.")
                    ] = None,
    html: Annotated[Path | None, typer.Option(help="Self-contained HTML map.")] = None,
    json_out: Annotated[Path | None, typer.Option(
        "--json", help="The full analysis (places, statements, zones) as JSON.")] = None,
    csv: Annotated[Path | None, typer.Option(
        help="CSV of places and events, ACLED-like columns.")] = None,
    png: Annotated[Path | None, typer.Option(help="Static PNG map for reports.")] = None,
    offline: Annotated[bool, typer.Option(
        "--offline/--online-tiles",
        help="HTML map with no network access (default), or with an OpenStreetMap basemap.")
                       ] = True,
    border_view: Annotated[str, typer.Option(
        help="Border view for zones: international (default) or de_facto_natural_earth.")
                           ] = "international",
    events_only: Annotated[bool, typer.Option(
        "--events-only",
        help="Only the conflict events: outputs carry no places or zones; with no output file "
             "the ACLED-like event table goes to stdout.")] = False,
    quiet: Annotated[bool, typer.Option(help="No progress bar.")] = False,
) -> None:
    """Find places, policy statements, strike zones and conflict events in articles, and write
    map layers."""
    import datetime as dt

    from mapper.analysis import AnalysisSettings
    from mapper.atomic import OutputError, check_writable, is_stdout
    from mapper.batch import analyze_articles, load_inputs

    article_date = None
    if date is not None:
        try:
            article_date = dt.date.fromisoformat(date)
        except ValueError:
            fail(f"--date {date!r} is not YYYY-MM-DD")
    outputs = {"geojson": geojson, "gpkg": gpkg, "html": html, "json": json_out, "csv": csv,
               "png": png}
    to_stdout = [f"--{name}" for name, target in outputs.items()
                 if target is not None and is_stdout(target)]
    if len(to_stdout) > 1:
        fail(f"only one output can go to standard output ('-'), not {' and '.join(to_stdout)}")
    try:
        for name, target in outputs.items():
            if target is not None:
                check_writable(target, streamable=name not in UNSTREAMABLE,
                               what=UNSTREAMABLE.get(name, f"--{name}"))
    except OutputError as exc:
        fail(str(exc))
    from mapper.boundaries import border_views

    try:
        border_views().get(border_view)
    except KeyError as exc:
        fail(str(exc))
    articles, errors = load_inputs(paths, default_date=article_date)
    for error in errors:
        typer.echo(f"mapper: skipped {error}", err=True)
    if not articles:
        fail("no readable article in the input")
    settings = AnalysisSettings(border_view=border_view)
    _prepare_gazetteer(quiet)
    analyses, failures = analyze_articles(articles, settings, progress=not quiet)
    for failure in failures:
        typer.echo(f"mapper: skipped {failure}", err=True)
    if not analyses:
        fail("every article failed to analyse")
    if events_only:
        analyses = [a.events_only() for a in analyses]
    try:
        _write_outputs(analyses, outputs, online_tiles=not offline)
    except OutputError as exc:
        fail(str(exc))
    if events_only and all(v is None for v in outputs.values()):
        from mapper.layers.csv import event_csv_bytes

        sys.stdout.write(event_csv_bytes(analyses).decode("utf-8"))
    for a in analyses:
        typer.echo(f"{a.article_id}: {len(a.map_places)} places, {len(a.statements)} statements,"
                   f" {len(a.zones)} zones, {len(a.events)} events", err=True)


# Outputs that need a real file (a GeoPackage is an SQLite database): no stdout, no devices.
UNSTREAMABLE = {"gpkg": "GeoPackage (--gpkg)"}


def _write_outputs(analyses: list, outputs: dict[str, Path | None], online_tiles: bool) -> None:
    if outputs["json"] is not None:
        payload = {"analyses": [a.to_dict() for a in analyses]}
        with _open_output(outputs["json"]) as handle:
            json.dump(payload, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
    if outputs["geojson"] is not None or outputs["gpkg"] is not None or outputs["csv"] is not None:
        from mapper import layers

        if outputs["geojson"] is not None:
            layers.write_geojson(analyses, outputs["geojson"])
        if outputs["gpkg"] is not None:
            layers.write_gpkg(analyses, outputs["gpkg"])
        if outputs["csv"] is not None:
            layers.write_csv(analyses, outputs["csv"])
    if outputs["html"] is not None or outputs["png"] is not None:
        from mapper import maps

        if outputs["html"] is not None:
            maps.write_html(analyses, outputs["html"], online_tiles=online_tiles)
        if outputs["png"] is not None:
            maps.write_png(analyses, outputs["png"])


@app.command("geoparse")
def geoparse_command(
    source: Annotated[Path, typer.Argument(
        help="JSONL, one {\"doc_id\", \"text\"} per line; - for stdin.")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="JSONL to write; - for stdout.")],
    gold_spans: Annotated[bool, typer.Option(
        "--gold-spans", help="Resolve only the spans given in each line's 'toponyms'.")] = False,
    quiet: Annotated[bool, typer.Option(help="No progress bar.")] = False,
) -> None:
    """Find and resolve every place in each document (one output line per input line)."""
    from mapper.batch import count_lines, run_geoparse
    from mapper.geoparse import default_geoparser

    if str(source) != "-" and not source.is_file():
        fail(f"input file not found: {source}")
    _prepare_gazetteer(quiet)
    geoparser = default_geoparser()
    total = None if str(source) == "-" else count_lines(source)
    with _open_input(source) as reader, _open_output(output) as writer:
        count, errors = run_geoparse(geoparser, reader, writer, gold_spans,
                                     progress=not quiet, total=total)
    typer.echo(f"mapper: {count} documents, {errors} with errors -> {output}", err=True)
    if count and errors == count:
        fail(f"no document could be geoparsed: all {count} input lines were skipped")


@eval_app.command("geoparse")
def eval_geoparse(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL with 'toponyms' (lat/lon) per line.")],
    gold_spans: Annotated[bool, typer.Option(
        "--gold-spans", help="Resolve the gold spans only (resolution accuracy alone).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    quiet: Annotated[bool, typer.Option(help="No progress bar.")] = False,
) -> None:
    """Precision, recall, F1, Acc@161 km, AUC and errors against a gold corpus."""
    from mapper.batch import run_eval
    from mapper.geoparse import default_geoparser

    if not gold.is_file():
        fail(f"gold file not found: {gold}")
    _prepare_gazetteer(quiet)
    report, errors = run_eval(default_geoparser(), gold, gold_spans, progress=not quiet)
    if errors and not report.documents:
        fail(f"no gold document could be read: all {errors} lines were skipped")
    if as_json:
        typer.echo(json.dumps({**report.to_dict(), "bad_lines": errors}))
    else:
        typer.echo(report.format())
        if errors:
            typer.echo(f"bad lines skipped     {errors}")


def _prepare_gazetteer(quiet: bool) -> None:
    """Build or check the gazetteer up front, so `--quiet` also silences a rebuild's bars."""
    from mapper.gazetteer import ensure_gazetteer

    ensure_gazetteer(progress=not quiet)


@contextmanager
def _open_input(path: Path) -> Iterator[Iterator[str]]:
    """Input lines split on newlines only (one output line per input line)."""
    from mapper.batch import text_lines

    if str(path) == "-":
        yield text_lines(sys.stdin.buffer)
        return
    with path.open("rb") as handle:
        yield text_lines(handle)


@contextmanager
def _open_output(path: Path) -> Iterator[IO[str]]:
    """Text output: stdout for `-`, a device or pipe written in place, else a temporary sibling
    renamed on success (never a half-written file); a write error is a one-line failure."""
    from mapper.atomic import OutputError, open_output

    try:
        with open_output(path, text=True) as handle:
            yield handle
    except OutputError as exc:
        fail(str(exc))


LOOPBACK = "127.0.0.1"


def app_command(script: Path, port: int, host: str) -> list[str]:
    """argv that serves the dashboard on host:port with the project's Streamlit settings (the
    address is always given: Streamlit's own default listens on every interface)."""
    from mapper.dashboard.launch import streamlit_command
    from mapper.paths import dashboard_config

    return streamlit_command(sys.executable, script, dashboard_config(), port, host)


@app.command("batch")
def batch_command(
    inputs: Annotated[list[str], typer.Argument(
        help="JSONL corpora ({\"id\", \"date\", \"title\", \"text\"} a line), folders of "
             ".txt/.md/.html, or globs.", show_default=False)],
    outdir: Annotated[Path, typer.Option("--output", "-o", help="Output folder.")],
    workers: Annotated[int | None, typer.Option(
        min=1, help="Worker processes of the embedded cluster (default: one per core).")] = None,
    scheduler: Annotated[str | None, typer.Option(
        help="Use an existing dask cluster, e.g. tcp://HOST:8786.")] = None,
    resume: Annotated[bool, typer.Option(
        help="Keep partitions already done for the same inputs and code.")] = False,
    html: Annotated[bool, typer.Option(
        help="Also write OUTDIR/corpus.html, an offline map with a date slider.")] = False,
    partition_size: Annotated[int, typer.Option(
        min=1, help="Articles per partition (the unit of work and of --resume).")] = 200,
    date: Annotated[str | None, typer.Option(
        help="Date YYYY-MM-DD for articles that carry none of their own.")] = None,
    quiet: Annotated[bool, typer.Option(help="No progress bar or messages.")] = False,
) -> None:
    """Analyse a corpus on dask.distributed into partitions, then one GeoPackage with a timeline."""
    import datetime as dt

    from mapper.corpus.run import BatchOptions, run_batch
    from mapper.corpus.sources import read_corpus

    if workers is not None and scheduler is not None:
        fail("give --workers or --scheduler, not both")
    default_date = None
    if date is not None:
        try:
            default_date = dt.date.fromisoformat(date)
        except ValueError:
            fail(f"--date {date!r} is not YYYY-MM-DD")
    if outdir.exists() and not outdir.is_dir():
        fail(f"output path is not a folder: {outdir}")
    items = read_corpus(inputs, default_date)
    if not any(item.article is not None for item in items):
        fail("no readable article in the input")
    say = (lambda _: None) if quiet else (lambda m: typer.echo(f"mapper: {m}", err=True))
    for item in items:
        if item.error is not None:
            where = f"{item.source}:{item.line}" if item.line is not None else item.source
            say(f"skipped {where}: {item.error}")
    options = BatchOptions(workers=workers, scheduler=scheduler, resume=resume,
                           partition_size=partition_size, progress=not quiet)
    summary = run_batch(items, outdir, options, say)
    if html:
        from mapper.corpus.html import write_corpus_html
        from mapper.corpus.merge import HTML

        summary.outputs["html"] = outdir / HTML
        write_corpus_html(outdir, outdir / HTML)
    say(f"{summary.articles} articles ({summary.errors} errors) in {summary.partitions} "
        f"partitions ({summary.reused} reused) in {summary.seconds:.1f} s -> {outdir}")


@app.command("app")
def run_app(
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8501,
    host: Annotated[str, typer.Option(
        help="Address to listen on. The default serves this machine only; 0.0.0.0 exposes the "
             "dashboard to the network, with no authentication: only on a trusted network.")
                    ] = LOOPBACK,
    disk_cache: Annotated[bool, typer.Option(
        "--disk-cache/--no-disk-cache",
        help="Keep read articles in the bounded disk cache (7 days, 200 MB; see "
             "MAPPER_DASHBOARD_CACHE_DAYS / _MB), or keep nothing on disk.")] = True,
    corpus: Annotated[Path | None, typer.Option(
        help="Open a `mapper batch` output folder in the corpus view.")] = None,
) -> None:
    """Start the Streamlit dashboard (on 127.0.0.1 unless --host says otherwise)."""
    from mapper.paths import dashboard_script

    script = dashboard_script()
    if not script.is_file():
        fail(f"dashboard script not found at {script}")
    env = dict(os.environ)
    if not disk_cache:
        env["MAPPER_DASHBOARD_DISK_CACHE"] = "off"
    if host != LOOPBACK:
        typer.echo(f"mapper: serving the dashboard on {host}:{port} with no authentication",
                   err=True)
    if corpus is not None:
        from mapper.dashboard.corpus import CORPUS_ENV, CorpusError, open_corpus

        try:
            env[CORPUS_ENV] = str(open_corpus(corpus).folder.resolve())
        except CorpusError as exc:
            fail(str(exc))
    raise typer.Exit(subprocess.call(app_command(script, port, host), env=env))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("mapper: interrupted", err=True)
        sys.exit(130)
    except (OSError, ValueError, RuntimeError) as exc:
        typer.echo(f"mapper: error: {' '.join(str(exc).split())}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
