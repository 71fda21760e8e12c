"""``licensecheck report`` and the html / markdown formats of ``analyze``."""

from __future__ import annotations

import json

from click.testing import CliRunner

from licensecheck.cli import main


def test_saved_analysis_renders_as_html_with_the_full_text(tmp_path) -> None:
    saved, page = tmp_path / "llama.json", tmp_path / "llama.html"
    runner = CliRunner()
    first = runner.invoke(main, ["analyze", "--known", "llama-2-license-2023", "--format", "json", "-o", str(saved)])
    assert first.exit_code == 0, first.output
    second = runner.invoke(main, ["report", str(saved), "--format", "html", "-o", str(page)])
    assert second.exit_code == 0, second.output
    html = page.read_text()
    assert "Governing Law and Jurisdiction" in html and 'class="banner not-open"' in html


def test_analyze_writes_markdown_for_a_ticket() -> None:
    result = CliRunner().invoke(main, ["analyze", "--known", "cc-by-nc-4.0", "--format", "markdown"])
    assert result.exit_code == 0
    assert "| `commercial-ban` |" in result.output and "**NOT OPEN**" in result.output


def test_text_has_no_colour_when_piped_or_no_color_is_set() -> None:
    result = CliRunner(env={"NO_COLOR": "1"}).invoke(main, ["analyze", "--known", "mit"])
    assert result.exit_code == 0 and "\x1b[" not in result.output


def test_report_refuses_a_json_file_that_is_no_analysis(tmp_path) -> None:
    bogus = tmp_path / "other.json"
    bogus.write_text(json.dumps({"schema": "something/else"}))
    result = CliRunner().invoke(main, ["report", str(bogus)])
    assert result.exit_code == 2 and "not a licensecheck analysis" in result.output
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = CliRunner().invoke(main, ["report", str(broken)])
    assert result.exit_code == 2 and "not a JSON analysis" in result.output
