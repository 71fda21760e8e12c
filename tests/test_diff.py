"""``licensecheck diff``: two licenses, or two versions of one, compared in legal terms."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from licensecheck.cli import main
from licensecheck.diff import compare
from licensecheck.pipeline import analyze, analyze_known, compare_texts
from licensecheck.report import render_diff_html, render_diff_markdown, render_diff_text
from licensecheck.source import read_known

LLAMA_CAP = "700 million monthly active users"


@pytest.fixture(scope="module")
def analyses(classifier, reference_index):
    """Analyses of known licenses, each made once for the module."""
    made: dict[str, dict] = {}

    def get(key: str) -> dict:
        if key not in made:
            made[key] = analyze_known(key, classifier=classifier, references=reference_index).to_dict()
        return made[key]

    return get


def edited(key: str, classifier, reference_index, *edits: tuple[str, str]) -> dict:
    text = read_known(key).text
    for find, replace in edits:
        assert text.count(find) == 1, find
        text = text.replace(find, replace)
    return analyze(text, classifier=classifier, references=reference_index).to_dict()


def schema() -> dict:
    return json.loads(resources.files("licensecheck").joinpath("schemas/diff-v1.schema.json").read_text())


def test_cc_by_to_cc_by_nc_adds_the_commercial_ban_where_the_grant_gained_it(analyses) -> None:
    result = compare(analyses("cc-by-4.0"), analyses("cc-by-nc-4.0"))
    assert result.labels.added == ("commercial-ban",) and result.labels.removed == ()
    grant = [change for change in result.changes if change.label == "commercial-ban" and change.section == "2.a"]
    assert grant and grant[0].kind == "added" and any("NonCommercial" in words for words in grant[0].words_added)
    assert grant[0].old and grant[0].new  # the clause on both sides


def test_the_reverse_direction_removes_what_the_forward_one_added(analyses) -> None:
    forward = compare(analyses("cc-by-nc-4.0"), analyses("cc-by-nc-nd-4.0"))
    backward = compare(analyses("cc-by-nc-nd-4.0"), analyses("cc-by-nc-4.0"))
    assert "no-derivatives" in forward.labels.added
    assert backward.labels.removed == forward.labels.added and backward.labels.added == forward.labels.removed


def test_llama_1_to_llama_2_lifts_the_commercial_ban_and_adds_the_user_cap(analyses) -> None:
    result = compare(analyses("llama-license-2023"), analyses("llama-2-license-2023"))
    assert "commercial-ban" in result.labels.removed
    assert "user-count-cap" in result.labels.added
    cap = next(change for change in result.changes if change.label == "user-count-cap" and change.kind == "added")
    assert cap.new_params[0]["threshold"] == 700_000_000 and not cap.old


def test_a_lowered_user_cap_is_a_change_of_parameters_not_an_addition(analyses, classifier, reference_index) -> None:
    lowered = edited("llama-2-license-2023", classifier, reference_index, (LLAMA_CAP, "100 million monthly active users"))
    result = compare(analyses("llama-2-license-2023"), lowered)
    assert result.labels.to_dict() == {"added": [], "removed": [], "changed": ["user-count-cap"]}
    change = next(change for change in result.changes if change.label == "user-count-cap")
    assert change.kind == "changed" and change.section == "2"
    assert change.old_params[0]["threshold"] == 700_000_000 and change.new_params[0]["threshold"] == 100_000_000
    text = render_diff_text(result.to_dict())
    assert "700,000,000" in text and "100,000,000" in text


def test_a_new_policy_url_is_a_change_of_the_use_limit(analyses, classifier, reference_index) -> None:
    moved = edited("llama-2-license-2023", classifier, reference_index,
                   ("https://ai.meta.com/llama/use-policy)", "https://example.org/acceptable-use-v2)"))
    result = compare(analyses("llama-2-license-2023"), moved)
    assert result.labels.changed == ("use-case-limit",)
    assert not result.labels.added and not result.labels.removed
    change = next(change for change in result.changes if change.label == "use-case-limit")
    assert change.new_params[0]["policy_url"] == "https://example.org/acceptable-use-v2"


def test_a_territorial_exclusion_written_into_mit_is_added(analyses, classifier, reference_index) -> None:
    excluded = edited("mit", classifier, reference_index, (
        "to deal in the Software without restriction",
        "to deal in the Software without restriction, except that no person resident in the European Union or in Canada may do so",
    ))
    result = compare(analyses("mit"), excluded)
    assert "territorial" in result.labels.added
    assert result.to_dict()["new"]["params"]["territorial"][0]["regions"]


def test_same_words_with_another_copyright_line_are_no_change(classifier, reference_index) -> None:
    text = read_known("mit").text
    mine = "Copyright (c) 2026 Fictional Labs\n\n" + text
    result = compare_texts(text, mine, classifier=classifier, references=reference_index)
    assert result.identical and not result.changed_terms and result.summary.startswith("no change")


def test_a_clause_moved_elsewhere_is_moved_not_removed_and_added(classifier, reference_index) -> None:
    clauses = ["You may copy and share the Model.", "You must keep this notice in every copy of the Model you share.",
               "The Model is provided as is, without any warranty of any kind.", "Licensor may not be held liable for any damages."]
    old = "Fictional Model License\n\n" + "\n\n".join(f"{number}. {clause}" for number, clause in enumerate(clauses, start=1))
    order = [clauses[0], clauses[2], clauses[3], clauses[1]]
    new = "Fictional Model License\n\n" + "\n\n".join(f"{number}. {clause}" for number, clause in enumerate(order, start=1))
    result = compare_texts(old, new, classifier=classifier, references=reference_index)
    assert result.labels.empty
    assert not [change for change in result.changes if change.kind in ("added", "removed")]
    assert any(change.kind == "moved" for change in result.reworded)


def test_clauses_struck_without_a_label_are_counted_as_removed_not_reworded(classifier, reference_index) -> None:
    text = read_known("bsd-new").text
    cut = text.index("THIS SOFTWARE IS PROVIDED")  # the disclaimers go; the grant and its conditions stay
    result = compare_texts(text, text[:cut], classifier=classifier, references=reference_index)
    struck = [change for change in result.reworded if change.kind == "removed"]
    assert struck and all(change.old and not change.new for change in struck)
    assert not [change for change in result.reworded if change.kind == "reworded" and not change.new]
    assert "removed" in result.summary and "reworded or moved" not in result.summary
    assert "removed" in render_diff_text(result.to_dict(), color=False)


def test_a_restriction_moved_under_a_new_numbered_title_is_no_change(classifier, reference_index) -> None:
    text = read_known("llama-2-license-2023").text
    clause = text[text.index("v. You will not use the Llama Materials"):text.index("thereof).", text.index("v. You will not use the Llama Materials")) + 9]
    anchor = "expressly grants you \nsuch rights."
    moved = text.replace(clause, "").replace(anchor, anchor + "\n\n2A. Use of Outputs. " + clause[3:])
    result = compare_texts(text, moved, classifier=classifier, references=reference_index)
    assert result.labels.empty and not result.changes, result.summary
    assert any(change.kind == "moved" for change in result.reworded)


def test_the_json_follows_the_published_schema_and_names_the_labels_at_the_top(analyses) -> None:
    data = compare(analyses("cc-by-4.0"), analyses("cc-by-nc-4.0")).to_dict()
    jsonschema.validate(data, schema())
    assert data["schema"] == "licensecheck/diff/v1" and data["labels"]["added"] == ["commercial-ban"]
    assert data["old"]["license"]["spdx"] == "CC-BY-4.0" and data["new"]["license"]["spdx"] == "CC-BY-NC-4.0"
    assert data["old"]["verdict"] == "open-with-conditions" and data["new"]["verdict"] == "not-open"
    identical = compare(analyses("mit"), analyses("mit")).to_dict()
    jsonschema.validate(identical, schema())
    assert identical["identical"] is True and identical["changes"] == []


def test_markdown_and_html_carry_the_changes_and_escape_the_text(classifier, reference_index) -> None:
    old = read_known("mit").text
    grant = "to deal in the Software without restriction"
    new = old.replace(grant, "to deal in the Software for non-commercial purposes only <script>window.__pwned = 1</script>")
    data = compare_texts(old, new, classifier=classifier, references=reference_index).to_dict()
    assert "commercial-ban" in data["labels"]["added"]
    markdown = render_diff_markdown(data)
    assert "| added | `commercial-ban` |" in markdown
    html = render_diff_html(data)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<ins>" in html  # the words put in are highlighted


def test_cli_exit_codes_say_whether_the_terms_changed(tmp_path: Path) -> None:
    runner = CliRunner()
    same = runner.invoke(main, ["diff", "--known", "mit", "--known", "mit"])
    assert same.exit_code == 0 and "No change" in same.output
    changed = runner.invoke(main, ["diff", "--known", "cc-by-4.0", "--known", "cc-by-nc-4.0", "--format", "json"])
    assert changed.exit_code == 1 and json.loads(changed.output)["labels"]["added"] == ["commercial-ban"]
    path = tmp_path / "LICENSE"
    path.write_text(read_known("apache-2.0").text)
    known_new = runner.invoke(main, ["diff", str(path), "--known-new", "apache-2.0"])
    assert known_new.exit_code == 0, known_new.output
    page = tmp_path / "diff.html"
    written = runner.invoke(main, ["diff", "--known", "cc-by-4.0", "-", "--format", "html", "-o", str(page)], input=read_known("cc-by-sa-4.0").text)
    assert written.exit_code == 1 and "share-alike" in page.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "--known", "mit"], "give two licenses"),
        (["diff", "a", "b", "c"], "give two licenses"),
        (["diff", "/no/such/file", "--known-new", "mit"], "no such file"),
        (["diff", "--known", "no-such-license-key", "--known", "mit"], "no-such-license-key"),
        (["diff", "-", "-"], "only one side"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args, input="some text")
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_binary_side_is_refused_in_one_line(tmp_path: Path) -> None:
    binary = tmp_path / "weights.bin"
    binary.write_bytes(bytes(range(256)) * 16)
    result = CliRunner().invoke(main, ["diff", "--known", "mit", str(binary)])
    assert result.exit_code == 2 and "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_diff_page_in_a_browser_shows_both_sides_and_runs_nothing(browser, classifier, reference_index, tmp_path: Path) -> None:
    hostile = read_known("cc-by-nc-4.0").text + "\n\n<img src=x onerror=\"window.__pwned = 1\"> You may not use the Licensed Material in Canada.\n"
    data = compare(analyze_known("cc-by-4.0", classifier=classifier, references=reference_index).to_dict(),
                   analyze(hostile, classifier=classifier, references=reference_index).to_dict()).to_dict()
    path = tmp_path / "diff.html"
    path.write_text(render_diff_html(data), encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:") else route.continue_())
    page.goto(path.as_uri())
    assert page.evaluate("window.__pwned") is None and page.locator("img").count() == 0 and page.locator("script").count() == 0
    rows = page.locator("#changes tbody tr")
    assert rows.count() >= 1
    first = rows.first
    assert first.locator("td").count() == 3  # change, old, new side by side
    assert "commercial-ban" in page.locator("#summary").inner_text()
    assert page.locator("#changes ins").count() >= 1
    box = [cell.bounding_box() for cell in (first.locator("td").nth(1), first.locator("td").nth(2))]
    assert box[0]["x"] < box[1]["x"] and abs(box[0]["y"] - box[1]["y"]) < 2  # old left, new right, on one row
    assert errors == []
    page.close()
