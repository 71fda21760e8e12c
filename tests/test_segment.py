"""Clause segmentation: offsets, section paths, lists, headings and long sentences."""

from __future__ import annotations

import re

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
        # a section inserted between two others ("2A.", as amended licenses number them)
        ("2. Grant.\n\nYou may use it.\n\n2A. Use of Outputs.\n\nYou will not train other models with its outputs.", ["2", "2", "2A", "2A"]),
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


def section_of(clauses, start: str) -> str:
    return next(clause.section for clause in clauses if clause.text.startswith(start))


def test_an_item_that_runs_on_after_a_semicolon_takes_the_next_number() -> None:
    # Open RAIL-M §III.4 prints "c. ... changed the files; d. You must retain ..." on one line
    clauses = segment(read_known("bigscience-open-rail-m").text)
    assert section_of(clauses, "c. You must cause any modified files") == "III.4.c"
    assert section_of(clauses, "d. You must retain all copyright") == "III.4.d"
    assert section_of(clauses, "Derivatives of the Model.") == "III.4.d"  # the rest of item d., after a blank line
    assert section_of(clauses, "5. Use-based restrictions") == "III.5"


@pytest.mark.parametrize(
    "key, labels",
    [("bigscience-open-rail-m", "abcdefghijklm"), ("bigscience-rail-1.0", [str(number) for number in range(1, 14)])],
)
def test_rail_use_restrictions_are_numbered_as_attachment_a_items(key: str, labels) -> None:
    items = [clause for clause in segment(read_known(key).text) if clause.section.startswith("Attachment A.")]
    assert [clause.section for clause in items] == [f"Attachment A.{label}" for label in labels]
    assert all(clause.text.lstrip("(").startswith(label) for clause, label in zip(items, labels))


def test_llama2_lettered_and_roman_items_keep_their_numbers() -> None:
    clauses = segment(read_known("llama-2-license-2023").text)
    numbered = [clause.section for clause in clauses if re.match(r"([0-9]+|[a-z]|[ivx]+)\. ", clause.text)]
    assert numbered == ["1", "1.a", "1.b", "1.b.i", "1.b.ii", "1.b.iii", "1.b.iv", "1.b.v", "2", "3", "4", "5", "5.a", "5.b", "5.c", "6", "7"]


LONG = "the Software or any part of it, in source or object form, for any purpose whatsoever, without the prior written consent"


@pytest.mark.parametrize(
    "text, expected",
    [
        # the next item after "; or" at the end of the previous line, in a sentence long enough to be cut at ";"
        (f"3. You may not:\n(i) copy {LONG};\n(ii) sell {LONG}; or\n(iii) otherwise use {LONG}.\n4. End.", ["3", "3.i", "3.ii", "3.iii", "4"]),
        # a list of the item's own inside a sentence ("You may not 1) ...; 2) ...") numbers sub-items, it does not move on to §2
        (f"1. Restrictions.\nYou may not 1) use {LONG}; 2) copy {LONG}; or 3) sell {LONG}.\nYou may keep a backup copy.\n2. End.",
         ["1", "1", "1.2", "1.3", "1", "2"]),
        # lettered items run on in one line after numbered ones
        (f"4. Conditions:\n\na. keep {LONG};\n\nb. state {LONG}; c. give {LONG}; d. retain {LONG}.\n\nThe rest of d.\n\n5. End.",
         ["4", "4.a", "4.b", "4.c", "4.d", "4.d", "5"]),
    ],
)
def test_items_on_one_line_or_after_a_list_separator_keep_their_numbers(text: str, expected: list[str]) -> None:
    assert [section for section, _ in sections_of(text)] == expected


def test_a_date_line_under_the_title_does_not_head_the_llama2_definitions() -> None:
    clauses = segment(read_known("llama-2-license-2023").text)
    date = next(clause for clause in clauses if clause.text.startswith("Llama 2 Version Release Date"))
    assert not date.is_heading
    agreement = next(clause for clause in clauses if clause.text.startswith('"Agreement" means'))
    assert agreement.heading == "LLAMA 2 COMMUNITY LICENSE AGREEMENT"
    assert not any("Release Date" in clause.heading for clause in clauses)
    assert section_of(clauses, "2. Additional Commercial Terms") == "2"
    assert next(clause for clause in clauses if "700 million" in clause.text).heading == "Additional Commercial Terms"


@pytest.mark.parametrize(
    "line",
    ["Effective Date: September 15, 2022", "Last Updated: July 23, 2018", "Licensor: Redis Labs Ltd.", "Version 3, 29 June 2007",
     "dated May 19, 2022"],
)
def test_label_value_and_date_lines_are_not_headings(line: str) -> None:
    clauses = segment(f"ACME MODEL LICENSE\n{line}\n\nYou may use the model.\n")
    assert [clause.heading for clause in clauses] == ["ACME MODEL LICENSE"] * 3
    assert [clause.is_heading for clause in clauses] == [True, False, False]


def test_headings_of_other_licenses_still_come_out() -> None:
    apache = segment(read_known("apache-2.0").text)
    terms = next(clause for clause in apache if clause.text.startswith("TERMS AND CONDITIONS"))
    assert terms.is_heading and terms.heading == "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION"
    assert next(clause for clause in apache if clause.text.startswith('"License" shall mean')).heading == "Definitions"
    assert next(clause for clause in apache if clause.text.startswith("2. Grant of Copyright License")).heading == "Grant of Copyright License"
    gpl = segment(read_known("gpl-3.0").text)
    assert next(clause for clause in gpl if clause.text.startswith("The GNU General Public License is")).heading == "Preamble"
    assert next(clause for clause in gpl if clause.text.startswith("Version 3, 29 June 2007")).heading == "GNU GENERAL PUBLIC LICENSE"
    structured = segment("RESEARCH LICENSE\n\nSection One: Your Rights\n\nYou may copy the work.\n")
    assert structured[-1].heading == "Section One: Your Rights"


def test_sentence_starts_follow_spacys_sentencizer_on_every_reference_text() -> None:
    """The structure component splits sentences on token arrays; spaCy's own Sentencizer must agree where no line
    layout decides (a guard on the re-implementation)."""
    import spacy
    from spacy.attrs import IS_PUNCT, ORTH

    from licensecheck.licensedb import license_keys, load_license
    from licensecheck.segment import _sentencizer_starts

    nlp = spacy.blank("en")
    sentencizer = nlp.add_pipe("sentencizer")
    texts = [load_license(key).text for key in list(license_keys())[::7]] + ["", "Hi.", "One. Two! (Three?) four.\n\n5. Five"]
    for text in texts:
        doc = nlp.make_doc(text)
        if not len(doc):
            continue
        expected = [bool(flag) for flag in sentencizer.predict([doc])[0]]
        columns = doc.to_array([ORTH, IS_PUNCT])
        found = _sentencizer_starts(doc, columns[:, 0], columns[:, 1] != 0).tolist()
        assert found == expected, text[:80]


def test_warmed_tokenizer_gives_spacys_own_tokens_on_reference_texts() -> None:
    """Filling spaCy's cache chunk by chunk (:func:`licensecheck.lazy.warm`) must not change a token: every seventh
    reference text, as written and lowercased (the cue tokens read it so), against a pipeline that was never warmed."""
    import spacy

    from licensecheck.lazy import make_doc
    from licensecheck.licensedb import license_keys, load_license

    plain = spacy.blank("en")
    texts = [load_license(key).text for key in list(license_keys())[3::7]]
    texts += ["e.g. U.S. Inc. (e.g., i.e.) don't  can't\n\n\t  x", " \n leading space", "a.m. p.m. :) ;-) 's"]
    for text in texts + [text.lower() for text in texts]:
        def tokens(doc) -> list[tuple[int, str, str]]:
            return [(token.idx, token.text, token.whitespace_) for token in doc]

        assert tokens(make_doc(text)) == tokens(plain.make_doc(text)), text[:80]


@pytest.mark.parametrize("key, opening", [("mpl-2.0", '1.1. "Contributor"'), ("bigscience-rail-1.0", '2. “Data” means'),
                                          ("cdla-permissive-2.0", '5.2. "Data Provider" means')])
def test_a_numbered_definition_of_a_quoted_term_is_one_clause(key: str, opening: str) -> None:
    """The enumerator of every block, not only the first, keeps the word after it in its sentence: '1.1. "' is no clause."""
    clauses = segment(read_known(key).text)
    assert any(clause.text.startswith(opening) for clause in clauses)
    assert not [clause.text for clause in clauses if re.fullmatch(r"[\d.]+\s*[\"“]", clause.text)]


def test_a_heading_run_into_its_first_sentence_is_still_cut_at_the_full_stop() -> None:
    clauses = segment(read_known("cc-by-2.0").text)  # "4. Restrictions.The license granted in Section 3 above ..."
    assert any(clause.text == "4. Restrictions." for clause in clauses)
