"""The ``licensecheck`` command: thin click glue over the library."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__
from .errors import LicenseCheckError

EXIT_OK, EXIT_POLICY, EXIT_USAGE = 0, 1, 2


class _Group(click.Group):
    """Turns library errors into one line on stderr and exit code 2, never a traceback."""

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

    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.")
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


@main.command()
@click.argument("path", required=False)
@click.option("--known", metavar="KEY", help="Analyze a license of licensedcode-data by ScanCode key (e.g. llama-2-license-2023).")
@click.option("--model", "model_dir", type=click.Path(file_okay=False, path_type=Path), help="Model folder (default: the shipped model).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=5_000_000, show_default=True, help="Refuse larger inputs.")
@output_options
def analyze(path: str | None, known: str | None, model_dir: Path | None, max_bytes: int, fmt: str, output: Path | None) -> None:
    """Analyze a license file, or pasted text on stdin (PATH '-' or no PATH)."""
    from .pipeline import analyze_file, analyze_known, load_classifier
    from .report import render_json, render_text

    if known and path:
        raise click.UsageError("give either PATH or --known KEY, not both")
    if not known and path is None and sys.stdin.isatty():
        raise click.UsageError("give a license file, '-' for stdin, or --known KEY")
    classifier = load_classifier(str(model_dir) if model_dir else None)
    result = analyze_known(known, classifier=classifier) if known else analyze_file(path or "-", classifier=classifier, max_bytes=max_bytes)
    data = result.to_dict()
    _emit(render_json(data) if fmt == "json" else render_text(data), output)


@main.command()
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), help="Corpus folder (default: corpora/ of the checkout).")
@click.option("--out", "model_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("models"), show_default=True, help="Where to write the model.")
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True, help="Folds of the grouped cross-validation.")
@click.option("--no-eval", is_flag=True, help="Skip cross-validation; write only the model and its meta.")
def train(corpus_dir: Path | None, model_dir: Path, folds: int, no_eval: bool) -> None:
    """Rebuild the clause classifier from the annotated corpus (deterministic)."""
    from .train import format_metrics
    from .train import train as run_training

    result = run_training(corpus_dir, model_dir, folds=folds, evaluate=not no_eval)
    click.echo(f"wrote {result.model_dir}/ (sha256 {result.meta.sha256[:16]}…)")
    if result.metrics:
        click.echo(format_metrics(result.metrics))


@main.command()
def labels() -> None:
    """List the taxonomy labels with their group and meaning."""
    from .taxonomy import Label

    for label in Label:
        click.echo(f"{label.value:<20} {label.group.value:<10} {label.meaning}")


if __name__ == "__main__":  # pragma: no cover
    main()
