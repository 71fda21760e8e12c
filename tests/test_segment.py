"""Clause segmentation: offsets, section paths, lists, headings and long sentences."""

from __future__ import annotations

import pytest

from licensecheck.segment import MAX_CLAUSE_CHARS, segment
from licensecheck.source import read_known


def sections_of(text: str) -> list[tuple[str, str]]:
    return [(clause.section, clause.text) for clause in segment(text)]


@pytest.mark.parametrize("key", ["llama-2-license-2023", "apache-2.0", "cc-by-nc-4.0", "bigscience-open-rail-m", "gpl-3.0", "mit"])
def test_every_clause_quotes_the_text_at_its_offsets(key: str) -> None:
    text = read_known(key).text
    clauses = segment(text)
    assert len(clauses) > 2
    for clause in clauses:
        assert text[clause.start : clause.end] == clause.text
        assert clause.text == clause.text.strip() and clause.text
    starts = [clause.start for clause in clauses]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(clauses, clauses[1:]))


def test_llama2_sections_follow_its_numbering() -> None:
    clauses = segment(read_known("llama-2-license-2023").text)
    by_section = {}
    for clause in clauses:
        by_section.setdefault(clause.section, []).append(clause.text)
    assert any("700 million monthly active users" in text for text in by_section["2"])
    assert any("improve any other large language model" in text for text in by_section["1.b.v"])
    assert any("Acceptable Use Policy" in text for text in by_section["1.b.iv"])
    cap = next(clause for clause in clauses if "700 million" in clause.text)
    assert cap.heading == "Additional Commercial Terms"


def test_rail_attachment_restarts_the_path_and_lists_items() -> None:
    clauses = segment(read_known("bigscience-open-rail-m").text)
    medical = next(clause for clause in clauses if "medical advice" in clause.text)
    assert medical.section == "Attachment A.l"


@pytest.mark.parametrize(
    "text, expected",
    [
        # numbered sections with lettered and roman sub-items
        (
            "1. Grant.\na. You may copy it.\ni. Keep the notice.\nii. State changes.\nb. You may sell it.\n2. End.",
            ["1", "1.a", "1.a.i", "1.a.ii", "1.b", "2"],
        ),
        # "(i)" right after "(h)" continues the letters, it is not roman one
        ("(g) Seventh item.\n(h) Eighth item.\n(i) Ninth item.\n(j) Tenth item.", ["g", "h", "i", "j"]),
        # decimal sub-sections
        ("3.1 Users may share.\n3.2 Users may adapt.\n4. Other terms apply.", ["3.1", "3.2", "4"]),
        # "Section N" headings with lettered items below
        ("Section 2 -- Scope.\n\na. Grant. You may use the work.\n\nb. Limits. You may not sue.", ["2", "2.a", "2.a", "2.b", "2.b"]),
    ],
)
def test_section_paths_follow_enumerators(text: str, expected: list[str]) -> None:
    assert [section for section, _ in sections_of(text)] == expected


def test_a_number_at_the_start_of_a_wrapped_line_is_not_a_new_item() -> None:
    text = "You may distribute copies under version\n2. of this License or any later version.\n"
    clauses = segment(text)
    assert len(clauses) == 1 and clauses[0].section == ""


def test_headings_in_capitals_stand_alone_and_label_what_follows() -> None:
    text = "TERMS AND CONDITIONS\n\nYou may use the software.\nYou may not sell it.\n"
    clauses = segment(text)
    assert clauses[0].text == "TERMS AND CONDITIONS"
    assert [clause.heading for clause in clauses[1:]] == ["TERMS AND CONDITIONS"] * 2


def test_a_capitalised_disclaimer_paragraph_is_not_cut_into_headings() -> None:
    text = (
        "THE SOFTWARE IS PROVIDED AS IS, WITHOUT WARRANTY OF ANY KIND,\n"
        "EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES\n"
        "OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE.\n"
    )
    assert len(segment(text)) == 1


def test_long_sentences_joined_by_semicolons_become_separate_clauses() -> None:
    text = (
        "You agree not to use the Model: (a) in any way that violates any applicable national or international law; "
        "(b) for the purpose of exploiting, harming or attempting to exploit or harm minors in any way; "
        "(c) to generate or disseminate verifiably false information with the purpose of harming others; and "
        "(d) to provide medical advice and medical results interpretation."
    )
    pieces = segment(text)
    assert [piece.text[:3] for piece in pieces] == ["You", "(b)", "(c)", "(d)"]


def test_bare_enumerators_join_the_text_they_number() -> None:
    clauses = segment("1.\nYou may copy the work.\n(a)\nKeep all notices.\n")
    assert [clause.text for clause in clauses] == ["1.\nYou may copy the work.", "(a)\nKeep all notices."]


def test_one_enormous_line_is_capped_into_bounded_clauses() -> None:
    text = "word " * 3000
    clauses = segment(text)
    assert len(clauses) > 1
    assert all(len(clause.text) <= MAX_CLAUSE_CHARS for clause in clauses)
    assert "".join(clause.text.replace(" ", "") for clause in clauses) == text.replace(" ", "")


def test_lines_of_only_punctuation_are_not_clauses() -> None:
    clauses = segment("Terms apply.\n\n=====================\n\nNo warranty.\n")
    assert [clause.text for clause in clauses] == ["Terms apply.", "No warranty."]
