"""The ``licensecheck`` command: thin click glue over the library."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import click

from . import __version__
from .classify import APPROACHES
from .errors import LicenseCheckError
from .train import DEFAULT_APPROACH

EXIT_OK, EXIT_POLICY, EXIT_USAGE = 0, 1, 2
PROGRESS_EVERY = 100  # files between two progress lines when stderr is not a terminal
FORMATS = ["text", "json", "markdown", "html"]


class _Group(click.Group):
    """Turns library errors and click's usage errors into one line on stderr and exit code 2, never a traceback."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command; a usage error is one line (``licensecheck: error: ...``) and exit 2."""
        kwargs.pop("standalone_mode", None)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as error:
            command = " ".join(["licensecheck", *error.ctx.command_path.split()[1:]]) if error.ctx is not None else "licensecheck"
            hint = f" (see '{command} --help')"
            click.echo(f"licensecheck: error: {error.format_message()}{hint}", err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as error:
            click.echo(f"licensecheck: error: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("licensecheck: interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else EXIT_OK)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LicenseCheckError as error:
            click.echo(f"licensecheck: error: {error}", err=True)
            ctx.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            click.echo("licensecheck: interrupted", err=True)
            ctx.exit(130)


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The shared ``--format`` and ``--output`` options."""

    @click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
    @click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), help="Write to this file instead of stdout.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def _emit(content: str, output: Path | None) -> None:
    if output is None:
        click.echo(content, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(content, encoding="utf-8")
    except OSError as error:
        raise LicenseCheckError(f"{output}: cannot write ({error.strerror or error})") from error


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="licensecheck")
def main() -> None:
    """Read AI model licenses and say plainly what they restrict."""


def identify_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The shared ``--reference-dir`` option."""
    return click.option(
        "--reference-dir",
        type=click.Path(file_okay=False, path_type=Path),
        help="Also match against your own reference license texts in this folder.",
    )(func)


def _references(reference_dir: Path | None, enabled: bool = True) -> Any:
    from .identify import load_index, with_references

    if not enabled:
        return False
    return with_references(reference_dir) if reference_dir else load_index()


def _read_input(path: str | None, known: str | None, max_bytes: int) -> Any:
    from .source import read_known, read_path

    if known and path:
        raise click.UsageError("give either PATH or --known KEY, not both")
    if not known and path is None and sys.stdin.isatty():
        raise click.UsageError("give a license file, '-' for stdin, or --known KEY")
    return read_known(known) if known else read_path(path or "-", max_bytes)


@main.command()
@click.argument("path", required=False)
@click.option("--known", metavar="KEY", help="Analyze a license of licensedcode-data by ScanCode key (e.g. llama-2-license-2023).")
@click.option("--spdx", "expression", metavar="EXPR", help='Analyze each license of an SPDX or Hugging Face expression, e.g. "Apache-2.0 OR MIT", llama2.')
@click.option("--model", "model_dir", type=click.Path(file_okay=False, path_type=Path), help="Model folder (default: the shipped model).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=5_000_000, show_default=True, help="Refuse larger inputs.")
@click.option("--no-identify", is_flag=True, help="Skip naming the nearest known license.")
@identify_options
@output_options
def analyze(
    path: str | None,
    known: str | None,
    expression: str | None,
    model_dir: Path | None,
    max_bytes: int,
    no_identify: bool,
    reference_dir: Path | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Analyze a license file, or pasted text on stdin (PATH '-' or no PATH)."""
    from .pipeline import analyze as run_analysis
    from .pipeline import analyze_expression, load_classifier
    from .report import render_expression_text, render_json

    classifier = load_classifier(str(model_dir) if model_dir else None)
    references = _references(reference_dir, not no_identify)
    if expression:
        if path or known:
            raise click.UsageError("give --spdx alone, without PATH or --known")
        data = analyze_expression(expression, classifier=classifier, references=references)
        _emit(render_json(data) if fmt == "json" else render_expression_text(data), output)
        return
    result = run_analysis(_read_input(path, known, max_bytes), classifier=classifier, references=references)
    _emit(render(result.to_dict(), fmt, output, result.source.text), output)


def render(data: dict[str, Any], fmt: str, output: Path | None, text: str | None = None) -> str:
    """Render an analysis in the chosen format; colour only for a terminal without NO_COLOR."""
    from .report import render_html, render_json, render_markdown, render_text

    if fmt == "json":
        return render_json(data)
    if fmt == "html":
        return render_html(data, text)
    if fmt == "markdown":
        return render_markdown(data)
    color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    return render_text(data, color=color)


@main.command()
@click.argument("result", type=click.Path(dir_okay=False, path_type=Path))
@output_options
def report(result: Path, fmt: str, output: Path | None) -> None:
    """Render a saved JSON analysis (from 'analyze --format json') as html, markdown, text or json."""
    import json

    from .report import validate_analysis

    try:
        data = json.loads(result.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise LicenseCheckError(f"{result}: no such file") from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise LicenseCheckError(f"{result}: not a JSON analysis ({error})") from error
    problem = validate_analysis(data)
    if problem:
        raise LicenseCheckError(f"{result}: not a licensecheck analysis ({problem})")
    _emit(render(data, fmt, output, data["source"].get("text")), output)


@main.command()
@click.argument("path", required=False)
@click.option("--known", metavar="KEY", help="Identify a license of licensedcode-data (a self-check).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=5_000_000, show_default=True, help="Refuse larger inputs.")
@identify_options
@output_options
def identify(path: str | None, known: str | None, max_bytes: int, reference_dir: Path | None, fmt: str, output: Path | None) -> None:
    """Name the known license(s) in a text: ScanCode key, SPDX id, score, exact / modified / unknown."""
    from .changes import find_changes
    from .identify import identify as run_identify
    from .identify import tokenize
    from .report import render_identification_text, render_json

    text = _read_input(path, known, max_bytes)
    index, tokens = _references(reference_dir), tokenize(text.text)
    found = run_identify(tokens, index)
    data = found.to_dict()
    changes = find_changes(text.text, tokens, found, index)
    if changes:
        data["changes"] = [change.to_dict() for change in changes]
    _emit(render_json(data) if fmt == "json" else render_identification_text(data), output)


@main.command("diff")
@click.argument("paths", nargs=-1, metavar="[OLD] [NEW]")
@click.option("--known", "known", multiple=True, metavar="KEY",
              help="A license of licensedcode-data as the old side (twice: as both sides), e.g. --known cc-by-4.0 NEW.")
@click.option("--known-new", metavar="KEY", help="A license of licensedcode-data as the new side, e.g. OLD --known-new llama-2-license-2023.")
@click.option("--model", "model_dir", type=click.Path(file_okay=False, path_type=Path), help="Model folder (default: the shipped model).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=5_000_000, show_default=True, help="Refuse larger inputs.")
@identify_options
@output_options
def diff(
    paths: tuple[str, ...], known: tuple[str, ...], known_new: str | None, model_dir: Path | None, max_bytes: int,
    reference_dir: Path | None, fmt: str, output: Path | None,
) -> None:
    """What changed from OLD to NEW in legal terms: restrictions and conditions added, removed and changed.

    OLD and NEW are files, '-' (one of them) for stdin, or --known KEY. Exit 0 when the legal terms are the same
    (rewording aside), 1 when a restriction or condition was added, removed or changed, 2 on bad input.
    """
    from .pipeline import compare_texts, load_classifier
    from .report import render_diff_html, render_diff_markdown, render_diff_text, render_json

    sides = _diff_sides(paths, known, known_new, max_bytes)
    result = compare_texts(*sides, classifier=load_classifier(str(model_dir) if model_dir else None), references=_references(reference_dir))
    data = result.to_dict()
    if fmt == "json":
        content = render_json(data)
    elif fmt == "html":
        content = render_diff_html(data)
    elif fmt == "markdown":
        content = render_diff_markdown(data)
    else:
        content = render_diff_text(data, color=output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    _emit(content, output)
    sys.exit(EXIT_POLICY if result.changed_terms else EXIT_OK)


def _diff_sides(paths: tuple[str, ...], known: tuple[str, ...], known_new: str | None, max_bytes: int) -> list[Any]:
    """The two texts of a diff, old first: the --known licenses, then the paths, then --known-new."""
    from .source import read_known, read_path

    given = [("known", key) for key in known] + [("path", path) for path in paths] + ([("known", known_new)] if known_new else [])
    if len(given) != 2:
        raise click.UsageError(f"give two licenses to compare (OLD and NEW: paths, '-' or --known KEY), not {len(given)}")
    if [value for kind, value in given if kind == "path"].count("-") > 1:
        raise click.UsageError("only one side can be read from stdin ('-')")
    if any(kind == "path" and value == "-" for kind, value in given) and sys.stdin.isatty():
        raise click.UsageError("'-' reads a license from stdin, but stdin is a terminal")
    return [read_known(value) if kind == "known" else read_path(value, max_bytes) for kind, value in given]


def corpus_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """The shared ``--corpus`` option."""
    return click.option(
        "--corpus",
        "corpus_dir",
        type=click.Path(file_okay=False, exists=True, path_type=Path),
        help="Corpus folder (default: corpora/ of the checkout).",
    )(func)


@main.command()
@corpus_option
@click.option("--out", "model_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("models"), show_default=True, help="Where to write the model.")
@click.option("--approach", type=click.Choice(APPROACHES), default=DEFAULT_APPROACH, show_default=True, help="Features and linear model.")
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True, help="Folds of the grouped cross-validation.")
@click.option("--no-eval", is_flag=True, help="Skip the nested evaluation; write only the model and its meta.")
def train(corpus_dir: Path | None, model_dir: Path, approach: str, folds: int, no_eval: bool) -> None:
    """Rebuild the clause classifier from the annotated corpus (deterministic)."""
    from .evaluate import format_metrics
    from .train import train as run_training

    result = run_training(corpus_dir, model_dir, approach=approach, folds=folds, evaluate=not no_eval)
    click.echo(f"wrote {result.model_dir}/ (sha256 {result.meta.sha256[:16]}…)")
    if result.metrics:
        click.echo(format_metrics(result.metrics))
    from .identify import load_index
    from .known import write_table
    from .licensedb import license_keys
    from .pipeline import load_classifier

    table = write_table(result.model_dir, load_classifier(str(result.model_dir)), license_keys(), load_index())
    click.echo(f"wrote {table} (the model's analysis of every reference license, reused for exact copies)")


@main.command()
@corpus_option
@click.option("--approach", "approaches", type=click.Choice(APPROACHES), multiple=True, help="Approach(es) to cross-validate (default: the shipped one).")
@click.option("--compare", is_flag=True, help="Cross-validate every approach and print them side by side.")
@click.option("--model", "model_dir", type=click.Path(file_okay=False, path_type=Path), help="Model for the OSI false-alarm check (default: shipped).")
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True, help="Outer folds, grouped by license.")
@click.option("--save", "save_to", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the figures of every approach as JSON (models/comparison.json goes into the model card).")
def evaluate(corpus_dir: Path | None, approaches: tuple[str, ...], compare: bool, model_dir: Path | None, folds: int, save_to: Path | None) -> None:
    """Measure the classifier on licenses it never saw (nested grouped cross-validation)."""
    from .corpus import load_corpus
    from .evaluate import format_comparison, format_metrics, osi_false_alarms, threshold_extraction
    from .pipeline import load_classifier
    from .train import nested_cross_validate

    examples = load_corpus(corpus_dir)
    chosen = APPROACHES if compare else (approaches or (load_classifier(str(model_dir) if model_dir else None).meta.approach,))
    results = {}
    for approach in chosen:
        results[approach] = nested_cross_validate(examples, approach, folds)
        click.echo(f"== {approach}\n{format_metrics(results[approach])}")
    if len(results) > 1:
        click.echo(format_comparison(results))
    if save_to is not None:
        import json

        from .corpus import corpus_hash

        saved = {approach: {**metrics, "corpus_sha256": corpus_hash(examples), "folds": folds} for approach, metrics in results.items()}
        _emit(json.dumps(saved, indent=2, sort_keys=True) + "\n", save_to)
    checked, wrong = threshold_extraction(examples)
    click.echo(f"user-count-cap thresholds extracted exactly: {checked - len(wrong)} of {checked}")
    for ref, expected, found in wrong:
        click.echo(f"  {ref}: expected {expected}, found {found}")
    from .evaluate import osi_approved_keys

    in_corpus = {example.group for example in examples}
    unseen = [key for key in osi_approved_keys() if key not in in_corpus]
    total, alarms = osi_false_alarms(load_classifier(str(model_dir) if model_dir else None))
    unseen_alarms = [alarm for alarm in alarms if alarm.key in unseen]
    click.echo(f"OSI-approved licenses with a blocking label: {len(alarms)} of {total} ({100 * len(alarms) / max(total, 1):.1f}%)")
    click.echo(f"  of them not in the corpus (never trained on): {len(unseen_alarms)} of {len(unseen)} ({100 * len(unseen_alarms) / max(len(unseen), 1):.1f}%)")
    for alarm in alarms:
        seen = "" if alarm.key in unseen else " (in the corpus)"
        click.echo(f"  {alarm.key}{seen}: {', '.join(alarm.labels)}")
        for quote in alarm.clauses[:3]:
            click.echo(f"      {quote}")


@main.command()
@click.argument("folder", required=False, default=".", type=click.Path(path_type=Path))
@click.option("-o", "--out", "outdir", type=click.Path(file_okay=False, path_type=Path), help="Write results.jsonl, summary.csv, index.html and pages/ here.")
@click.option("--sbom", type=click.Choice(["cyclonedx", "spdx"]),
              help="Also write an SBOM of the files: OUT/bom.cdx.json (CycloneDX 1.6) or OUT/bom.spdx.json (SPDX 2.3); needs -o.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True,
              help="What goes to stdout: a table of the files, or one JSON line per file.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option("--no-cache", is_flag=True, help="Analyze every file again (the cache is keyed by content hash and model).")
@click.option("--policy", "policy_name", metavar="NAME|FILE",
              help="A built-in policy (mof-open, no-commercial-ban, commercial-use) or a policy YAML file: labels denied per component type.")
@click.option("--fail-on", metavar="LABEL,...", help="Fail (exit 1) when any file has one of these labels.")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), metavar="OLD/results.jsonl",
              help="Compare each file with an earlier run's results: new, gone, license or restrictions changed.")
@click.option("--fail-on-new", is_flag=True, help="With --baseline: fail only on violations the baseline did not have.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True, help="Where the analysis runs.")
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler address for --engine dask.")
@click.option("--no-identify", is_flag=True, help="Skip naming the nearest known license.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=5_000_000, show_default=True, help="Refuse larger files.")
@click.option("--model", "model_dir", type=click.Path(file_okay=False, path_type=Path), help="Model folder (default: the shipped model).")
def batch(
    folder: Path,
    outdir: Path | None,
    sbom: str | None,
    fmt: str,
    jobs: int,
    no_cache: bool,
    policy_name: str | None,
    fail_on: str | None,
    baseline: Path | None,
    fail_on_new: bool,
    engine: str,
    scheduler: str | None,
    no_identify: bool,
    max_bytes: int,
    model_dir: Path | None,
) -> None:
    """Analyze every license-like file under FOLDER; exit 1 when a file violates the policy.

    With -o, every finished file goes to OUT/results.jsonl at once: a run that is killed keeps what it finished,
    and running the same command again does only the rest.
    """
    from .batch import BatchOptions, ResultCache, batch_table, discover, jsonl_line, run_batch
    from .batch.baseline import Baseline
    from .identify import cache_dir
    from .policy import fail_on as fail_on_policy
    from .policy import load_policy

    if policy_name and fail_on:
        raise click.UsageError("give either --policy or --fail-on, not both")
    if sbom and outdir is None:
        raise click.UsageError("--sbom needs -o/--out: the SBOM is written to OUT/bom.cdx.json or OUT/bom.spdx.json")
    policy = load_policy(policy_name) if policy_name else (fail_on_policy(fail_on.split(",")) if fail_on else None)
    if fail_on_new and (baseline is None or policy is None):
        raise click.UsageError("--fail-on-new needs --baseline and a policy (--policy or --fail-on)")
    before = Baseline(baseline, policy) if baseline is not None else None
    options = BatchOptions(identify=not no_identify, max_bytes=max_bytes, model_dir=str(model_dir) if model_dir else None)
    cache = None if no_cache else ResultCache(cache_dir(), options)
    total = len(discover(folder)[0])
    with _progress(total) as advance:
        result = run_batch(folder, options, jobs=jobs, cache=cache, engine=engine, scheduler=scheduler, progress=advance,
                           outdir=outdir, policy=policy, baseline=before)
    tally = _Tally()  # the records are read once (from results.jsonl with -o): the table, the counts and the errors
    if fmt == "jsonl":
        for record in tally.counted(result.iter_records()):
            click.echo(jsonl_line(record), nl=False)
    else:
        click.echo(batch_table(tally.counted(result.iter_records())), nl=False)
    click.echo(_batch_summary(result, tally, outdir), err=fmt == "jsonl")
    for line in tally.errors:
        click.echo(line, err=True)
    if result.gone is not None:
        click.echo(_baseline_summary(result, tally), err=fmt == "jsonl")
    new = {str(violation) for violation in result.new_violations}
    for violation in result.violations:
        click.echo(f"violation: {violation}{' (new since the baseline)' if str(violation) in new and not fail_on_new else ''}", err=True)
    if result.interrupted:
        kept = f"; run the same command again to finish ({outdir}/results.jsonl keeps them)" if outdir else ""
        click.echo(f"licensecheck: interrupted; the finished files were kept{kept}", err=True)
        sys.exit(130)
    if sbom and outdir is not None:
        from .sbom import write_sbom

        click.echo(f"licensecheck: wrote {write_sbom(result.iter_records(), outdir, sbom, folder)}", err=True)
    if fail_on_new:
        for violation in result.new_violations:
            click.echo(f"new violation (not in the baseline): {violation}", err=True)
        sys.exit(EXIT_POLICY if result.new_violations else EXIT_OK)
    sys.exit(EXIT_POLICY if result.violations else EXIT_OK)


class _Tally:
    """What the lines after a batch's table say, gathered while the table is made: verdicts, baseline statuses, errors."""

    def __init__(self) -> None:
        from collections import Counter

        self.verdicts: Counter[str] = Counter()
        self.statuses: Counter[str] = Counter()
        self.errors: list[str] = []

    def counted(self, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """``records``, passed through and counted."""
        for record in records:
            self.verdicts["error" if "error" in record else record["summary"]["verdict"]] += 1
            self.statuses[(record.get("baseline") or {}).get("status", "")] += 1
            if "error" in record:
                self.errors.append(f"licensecheck: not analyzed: {record['source']['path']}: {record['error']['reason']} ({record['error']['message']})")
            yield record


def _baseline_summary(result: Any, tally: _Tally) -> str:
    """One line: how the run compares with its baseline."""
    statuses = tally.statuses
    line = (f"since the baseline: {statuses.get('new', 0)} new, {statuses.get('changed', 0)} changed, "
            f"{statuses.get('unchanged', 0)} unchanged, {len(result.gone)} gone")
    if result.gone:
        line += " (" + ", ".join(result.gone[:5]) + (", …" if len(result.gone) > 5 else "") + ")"
    return line + (f"; {len(result.new_violations)} new violations" if result.new_violations else "")


def _batch_summary(result: Any, tally: _Tally, outdir: Path | None) -> str:
    verdicts = tally.verdicts
    files = sum(verdicts.values())
    counts = ", ".join(f"{count} {verdict}" for verdict, count in sorted(verdicts.items())) or "no license-like files"
    where = f"; wrote {outdir}/" if outdir else ""
    copies = f", {result.copies} copies of other files" if result.copies else ""
    resumed = f", {result.resumed} finished by an earlier run" if result.resumed else ""
    rate = f" in {result.seconds:.1f} s ({result.files / result.seconds:.1f} files/s)" if result.seconds > 0 else ""
    return f"{files} files ({result.analyzed} analyzed, {result.cached} from cache{copies}{resumed}){rate}: {counts}{where}"


class _progress:
    """Progress on stderr: a bar with rate and ETA on a terminal; elsewhere (CI) a line every PROGRESS_EVERY files."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar: Any = None
        self.done = 0
        self.started = 0.0

    def __enter__(self) -> Callable[[int], None]:
        import time

        self.started = time.perf_counter()
        if sys.stderr.isatty():
            self.bar = click.progressbar(length=self.total, label="analyzing", file=sys.stderr, show_pos=True, show_eta=True,
                                         item_show_func=lambda _: self._rate())
            self.bar.__enter__()
            return self._bar_step
        return self._line_step

    def _rate(self) -> str:
        import time

        elapsed = time.perf_counter() - self.started
        return f"{self.done / elapsed:.1f} files/s" if elapsed > 0 and self.done else ""

    def _bar_step(self, step: int) -> None:
        self.done += step
        self.bar.update(step, self.done)

    def _line_step(self, step: int) -> None:
        self.done += step
        every = max(PROGRESS_EVERY, self.total // 20)
        if self.done % every == 0 or self.done == self.total:
            click.echo(f"licensecheck: {self.done:,} of {self.total:,} files ({self._rate()})", err=True)

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


@main.command()
@click.argument("manifest", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict-ids", is_flag=True, help="Compare license ids exactly and case-sensitively, as the Model Openness Tool does.")
@output_options
def mof(manifest: Path, strict_ids: bool, fmt: str, output: Path | None) -> None:
    """MOF verdict per component and the class a model reaches (MOT YAML, manifest, model card or CycloneDX ML-BOM)."""
    from .mof import assess_file
    from .report import render_json, render_mof_html, render_mof_text

    data = assess_file(manifest, strict_ids=strict_ids).to_dict()
    for part in data["unmapped"]:
        click.echo(f"licensecheck: not read as a MOF component: {part}", err=True)
    if fmt == "json":
        content = render_json(data)
    elif fmt == "html":
        content = render_mof_html(data)
    else:
        content = render_mof_text(data)
    _emit(content, output)


@main.command()
@click.argument("licenses", nargs=-1, required=True)
@output_options
def compat(licenses: tuple[str, ...], fmt: str, output: Path | None) -> None:
    """What a model that combines or is trained on LICENSES inherits, and which outbound licenses remain."""
    from .compat import compat as run_compat
    from .report import render_compat_text, render_json

    data = run_compat(licenses).to_dict()
    _emit(render_json(data) if fmt == "json" else render_compat_text(data), output)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option("--max-bytes", type=click.IntRange(min=1), default=2_000_000, show_default=True, help="Largest request accepted.")
@click.option("--model", "model_dir", type=click.Path(file_okay=False, path_type=Path), help="Model folder (default: the shipped model).")
def serve(host: str, port: int, max_bytes: int, model_dir: Path | None) -> None:
    """A local web page to paste a license and read the report, plus a JSON API."""
    import importlib.util

    # FastAPI, uvicorn and python-multipart come with a plain `pip install licensecheck`; this is for a broken
    # or hand-pruned environment (python-multipart is importable as python_multipart, or multipart before 0.0.13)
    wanted = {"fastapi": ("fastapi",), "uvicorn": ("uvicorn",), "python-multipart": ("python_multipart", "multipart")}
    missing = [name for name, modules in wanted.items() if not any(importlib.util.find_spec(module) for module in modules)]
    if missing:
        raise LicenseCheckError(
            f"the web page needs {', '.join(missing)}, which come with licensecheck: pip install {' '.join(missing)}"
        )
    from .web import serve as run_server

    click.echo(f"licensecheck: serving on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    run_server(host, port, max_bytes, str(model_dir) if model_dir else None)


@main.command()
@click.argument("sample", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def agreement(sample: Path) -> None:
    """Cohen's kappa per label between two annotation passes (a corpora/agreement/*.jsonl file)."""
    import json

    from .errors import InputError
    from .evaluate import agreement as measure, format_agreement

    records = []
    for number, line in enumerate(sample.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            record = json.loads(line)
            records.append({"first": list(record["first"]), "second": list(record["second"])})
        except (ValueError, KeyError, TypeError) as error:
            raise InputError(f"{sample}:{number}: needs a JSON object with 'first' and 'second' label lists ({error})") from error
    if not records:
        raise InputError(f"{sample}: no annotated clauses")
    click.echo(format_agreement(measure(records)))


@main.command()
def labels() -> None:
    """List the taxonomy labels with their group and meaning."""
    from .taxonomy import Label

    for label in Label:
        click.echo(f"{label.value:<20} {label.group.value:<10} {label.meaning}")


if __name__ == "__main__":  # pragma: no cover
    main()
