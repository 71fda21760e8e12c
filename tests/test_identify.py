"""Identification: nearest known license, verdict, several licenses in one file, user references."""

from __future__ import annotations

import pytest

from licensecheck.identify import EXACT, MODIFIED, UNKNOWN, align, identify, tokenize, with_references
from licensecheck.licensedb import load_license


def text_of(key: str) -> str:
    return load_license(key).text


@pytest.mark.parametrize("key", ["mit", "apache-2.0", "gpl-3.0", "agpl-3.0", "cc-by-nc-4.0", "llama-2-license-2023", "bigscience-open-rail-m"])
def test_exact_texts_are_identified_as_themselves(reference_index, key: str) -> None:
    result = identify(text_of(key), reference_index)
    assert result.verdict == EXACT
    assert result.matches[0].key == key and result.matches[0].score == 1.0


def test_whitespace_case_markup_and_a_new_copyright_line_do_not_matter(reference_index) -> None:
    original = text_of("bsd-new")
    changed = "Copyright (c) 2031 Someone Else\n\n# " + "\n".join(" ".join(line.split()).upper() for line in original.splitlines())
    result = identify(changed, reference_index)
    assert (result.verdict, result.matches[0].key) == (EXACT, "bsd-new")


def test_an_edited_license_is_modified_and_keeps_its_name(reference_index) -> None:
    edited = text_of("mit").replace("without restriction", "for non-commercial purposes only")
    result = identify(edited, reference_index)
    assert result.verdict == MODIFIED and result.matches[0].key == "mit" and 0.9 < result.matches[0].score < 1


def test_two_licenses_in_one_file_are_both_named_with_their_spans(reference_index) -> None:
    mit, apache = text_of("mit"), text_of("apache-2.0")
    text = "This project is dual-licensed.\n\n" + mit + "\n\n" + apache
    result = identify(text, reference_index)
    keys = [match.key for match in result.matches]
    assert sorted(keys) == ["apache-2.0", "mit"]
    by_key = {match.key: match for match in result.matches}
    assert by_key["mit"].end <= by_key["apache-2.0"].start


def test_prose_that_is_no_license_is_unknown(reference_index) -> None:
    text = "The quick brown fox jumps over the lazy dog. " * 20
    assert identify(text, reference_index).verdict == UNKNOWN


def test_match_carries_spdx_category_osi_and_mof_type(reference_index) -> None:
    [match] = identify(text_of("apache-2.0"), reference_index).matches
    assert (match.spdx, match.category, match.osi_approved, match.mof_type) == ("Apache-2.0", "Permissive", True, "open-source")
    [rail] = identify(text_of("bigscience-open-rail-m"), reference_index).matches
    assert rail.spdx == "LicenseRef-scancode-bigscience-open-rail-m" and not rail.osi_approved and rail.mof_type == "none"


def test_user_reference_texts_are_matched_by_file_name(tmp_path, reference_index) -> None:
    (tmp_path / "acme-model-license.txt").write_text(
        "ACME MODEL LICENSE. You may run the Acme model on your own servers for internal evaluation only; "
        "you may not offer it as a hosted service, and you must delete it when this evaluation ends. " * 3
    )
    index = with_references(tmp_path, reference_index)
    result = identify((tmp_path / "acme-model-license.txt").read_text(), index)
    assert result.matches[0].key == "ref:acme-model-license" and result.verdict == EXACT


def test_tokens_skip_copyright_lines_but_keep_offsets() -> None:
    text = "Copyright 2020 X\nAll rights reserved.\nPermission granted."
    tokens = tokenize(text)
    assert tokens.words == ("permission", "granted")
    assert text[tokens.starts[0] : tokens.ends[1]] == "Permission granted"


@pytest.mark.parametrize("text", [
    text_of("gpl-3.0"), text_of("bsd-new").upper(), "Copyright (c) 2031 Org 7 Labs\n\n" + text_of("apache-2.0"),
    text_of("cc-by-nc-4.0").replace("\n", " "), "许可证 中文 本模型 License\nstraße ÄÖÜ İstanbul x_y 3_4 ½ ²\n© 2024 Acme",
    "no notice here, only words_and_digits 42", "",
])
def test_tokens_are_the_words_of_the_token_pattern_with_their_offsets_outside_notices(text: str) -> None:
    from licensecheck.identify import _TOKEN, copyright_notices

    notices = copyright_notices(text)
    expected = [match for match in _TOKEN.finditer(text) if not any(start <= match.start() < end for start, end in notices)]
    tokens = tokenize(text)
    assert tokens.words == tuple(match.group(0).lower() for match in expected)
    assert (tokens.starts, tokens.ends) == (tuple(match.start() for match in expected), tuple(match.end() for match in expected))
    assert tokens.notices == tuple(notices)


def test_a_text_without_a_notice_mark_has_no_notice_and_one_with_a_mark_keeps_it() -> None:
    from licensecheck.identify import copyright_notices

    assert copyright_notices(text_of("mit").split("\n\n", 1)[1]) == []
    text = "Permission is granted.\nCOPYRIGHT 2020 ACME CORP\nUse it."
    assert [text[start:end] for start, end in copyright_notices(text)] == ["COPYRIGHT 2020 ACME CORP"]


def test_rail_reads_as_apache_plus_use_restrictions(classifier, reference_index) -> None:
    from licensecheck import analyze_known

    diff = analyze_known("bigscience-open-rail-m", classifier=classifier, references=reference_index).diff
    assert diff is not None and diff.base_spdx == "Apache-2.0"
    assert {"use-case-limit", "pass-through"} <= set(diff.added_labels)
    assert diff.summary.startswith("Apache-2.0 plus use-case-limit")


def test_noncommercial_cc_reads_as_cc_by_plus_commercial_ban(classifier, reference_index) -> None:
    from licensecheck import analyze_known

    diff = analyze_known("cc-by-nc-4.0", classifier=classifier, references=reference_index).diff
    assert diff.base_spdx == "CC-BY-4.0" and "commercial-ban" in diff.added_labels


def test_an_open_license_is_unchanged_against_itself(classifier, reference_index) -> None:
    from licensecheck import analyze_known

    diff = analyze_known("mit", classifier=classifier, references=reference_index).diff
    assert diff.base_key == "mit" and diff.added_labels == () and diff.removed_labels == ()
    assert diff.summary == "MIT, unchanged in substance"


def test_a_copy_with_every_twentieth_word_dropped_keeps_its_name(reference_index) -> None:
    words = text_of("gpl-3.0").split()
    damaged = " ".join(word for number, word in enumerate(words) if number % 20 != 7)
    result = identify(damaged, reference_index)
    assert result.verdict == MODIFIED and result.matches[0].key == "gpl-3.0" and result.matches[0].score > 0.95


def test_the_cached_index_knows_each_reference_by_the_digest_of_its_words(reference_index) -> None:
    for key in ("mit", "cc-by-4.0", "llama-2-license-2023"):
        assert reference_index.by_digest[tokenize(text_of(key)).digest] == key


def test_alignment_is_optimal_where_a_greedy_longest_block_is_not() -> None:
    # difflib anchors on the longest block ("b d" at the end) and then finds 2 tokens; in order, 6 match
    query = "b d b a d c b d".split()
    reference = "b a b c a d b d".split()
    blocks = align(query, reference)
    assert sum(block.size for block in blocks) == 6
    assert all(query[block.a + i] == reference[block.b + i] for block in blocks for i in range(block.size))


def test_license_text_without_metadata_is_the_text_load_license_gives() -> None:
    from licensecheck.licensedb import license_keys, license_text

    for key in license_keys()[::25]:
        assert license_text(key) == text_of(key)


def test_tokens_already_made_identify_as_the_text_does(reference_index) -> None:
    text = "Copyright 2031 X\n\n" + text_of("mit").replace("without restriction", "for research only") + "\n\n" + text_of("apache-2.0")
    assert identify(tokenize(text), reference_index) == identify(text, reference_index)


@pytest.mark.parametrize("key", ["mit", "apache-2.0", "cc-by-4.0", "llama-2-license-2023", "odc-by-1.0"])
def test_scores_read_from_the_dense_block_equal_the_postings_walked_one_by_one(reference_index, key: str) -> None:
    import numpy as np

    matrix = reference_index.matrix
    slots, block = matrix._dense
    assert 0 < block.shape[1] < 2000  # the common columns only: a few megabytes
    columns, values = reference_index.vector(tokenize(text_of(key)).words)
    assert (slots[columns] >= 0).any() and (slots[columns] < 0).any()  # both paths are taken
    walked = matrix._sparse_scores(np.asarray(columns), np.asarray(values))
    assert np.allclose(matrix.scores(columns, values), walked, rtol=0, atol=1e-9)
    assert list(np.argsort(-matrix.scores(columns, values), kind="stable")[:5]) == list(np.argsort(-walked, kind="stable")[:5])


@pytest.mark.parametrize("key, cut", [("apache-2.0", 10000), ("bigscience-open-rail-m", 10000), ("cc-by-nc-4.0", 9000)])
def test_the_nearest_open_license_read_from_the_identification_is_the_one_a_new_search_finds(reference_index, key: str, cut: int) -> None:
    from licensecheck.identify import nearest_open

    query = tokenize(text_of(key)[:cut])
    found = identify(query, reference_index)
    assert found.verdict == MODIFIED and len(found.ranked) > len(found.matches)
    assert [key for key, _ in found.ranked[:5]] == [key for key, _ in reference_index.candidates(query.words)]
    shared, searched = nearest_open(reference_index, query, ranked=found.ranked), nearest_open(reference_index, query)
    assert shared is not None and (shared.key, shared.score) == (searched.key, searched.score)


def test_the_quick_test_for_an_exact_copy_never_turns_away_one_identify_calls_exact_with_short_titles(reference_index) -> None:
    import random

    from licensecheck.identify import TITLE_REACH, may_be_exact
    from licensecheck.known import copy_of
    from licensecheck.licensedb import license_keys, load_license

    keys = random.Random(4).sample([key for key in license_keys() if len(load_license(key).text) > 200], 120)
    copies = others = 0
    for key in keys:
        license = load_license(key)
        name = license.meta.get("name", key)
        for text in (license.text, f"{name}\n\n{license.text}", f"The {key} License\n{license.text}\nSPDX-License-Identifier: {key}",
                     license.text + "\n\nAddendum: the Model may not be used by any competitor of Orrin Labs, nor for any purpose of theirs."):
            query = tokenize(text)
            copy = copy_of(identify(query, reference_index), reference_index)
            if copy is not None and len(query.words) - len(reference_index.tokens(copy).words) <= TITLE_REACH:
                copies += 1
                assert may_be_exact(query, reference_index), (key, text[:80])
            elif not may_be_exact(query, reference_index):
                others += 1
    assert copies > 200 and others > 60, (copies, others)
