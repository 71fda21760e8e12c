"""Copies of a license that differ only in their copyright line take an earlier copy's record, moved: the same record
as the full answer, or no shortcut at all."""

from __future__ import annotations

import json
import random

import pytest

from licensecheck.batch import BatchOptions, outputs, run_batch, work
from licensecheck.batch.variants import NoticeVariants, moved
from licensecheck.licensedb import load_license

KEYS = ["mit", "apache-2.0", "bsd-new", "cc-by-4.0", "cc-by-nc-4.0", "llama-2-license-2023", "bigscience-open-rail-m", "isc", "zlib",
        "mpl-2.0", "gpl-3.0", "artistic-2.0"]
HOLDERS = ["Org {n} Labs", "Ada Lovelace", "The Foo Project Authors", "ACME, Inc.", "Org {n} Labs. All rights reserved.", "Dr. J. Smith",
           "Zürich AI GmbH", "北京 Labs", "Org {n}, for research use only", "Org {n} Labs\nLicensed for internal evaluation",
           'R&D "Org {n}" <ai@org{n}.example>']


def variant(chance: random.Random, key: str, number: int) -> str:
    """A copy of ``key`` with its own copyright line: at the top, at the bottom, or in the place of a placeholder."""
    text = load_license(key).text
    holder = chance.choice(HOLDERS).format(n=number)
    year = str(1990 + number % 35) if chance.random() < 0.8 else f"{2000 + number % 20}-{2021 + number % 4}"
    line = chance.choice([f"Copyright (c) {year} {holder}", f"Copyright {year} {holder}", f"© {year} {holder}", f"COPYRIGHT (C) {year} {holder}"])
    where = chance.random()
    end = "\r\n" if chance.random() < 0.2 else "\n"  # some files have Windows line ends (read as "\n": source.normalise)
    text = text.replace("\n", end)
    if where < 0.5:
        return f"{line}{end}{end}{text}"
    if where < 0.7:
        return f"{text.rstrip()}{end}{end}{line}{end}"
    for placeholder in ("<year> <copyright holders>", "[yyyy] [name of copyright owner]"):
        if placeholder in text:
            return text.replace(placeholder, f"{year} {holder}", 1)
    return f"{line}{end}{text}"


def full_answer(relative: str, data: bytes, options: BatchOptions) -> dict | None:
    saved, work._VARIANTS = work._VARIANTS, NoticeVariants()
    try:
        return work.answer_here(relative, data, options)[0]
    finally:
        work._VARIANTS = saved


def test_a_copy_with_another_copyright_line_gets_the_record_its_full_answer_gives(monkeypatch) -> None:
    monkeypatch.setattr(work, "_VARIANTS", NoticeVariants())
    options, chance = BatchOptions(), random.Random(5)
    hits = []
    answer = NoticeVariants.answer
    monkeypatch.setattr(NoticeVariants, "answer", lambda self, text, context=None: hits.append(answer(self, text, context)) or hits[-1])
    compared = 0
    for number in range(300):
        data = variant(chance, chance.choice(KEYS), number).encode()
        fast = work.answer_here(f"org/m{number}/LICENSE", data, options)[0]
        full = full_answer(f"org/m{number}/LICENSE", data, options)
        assert (fast is None) == (full is None)
        if full is not None:
            assert json.dumps(fast, sort_keys=True) == json.dumps(full, sort_keys=True)
            compared += 1
    moved_here = sum(found is not None for found in hits)
    assert compared > 150 and moved_here > 60, (compared, moved_here)


@pytest.mark.parametrize("line", [
    "Copyright (c) 2024 Orrin Labs, for research use only",  # a notice that holds a term's words is read
    "Copyright (c) 2024 Orrin Labs\nYou may not use the Software commercially.",  # a line of terms after it
    "Licensed for internal evaluation only. Copyright (c) 2024 Orrin Labs",  # terms on the notice's line
])
def test_a_copyright_line_that_carries_terms_is_never_moved_onto(line: str) -> None:
    options = BatchOptions()
    mit = load_license("mit").text
    first = work.answer_here("a/LICENSE", f"Copyright (c) 2001 Org 1 Labs\n\n{mit}".encode(), options)[0]
    assert first is not None and first["identification"]["verdict"] == "exact"
    assert moved(first, first["source"]["text"], f"{line}\n\n{mit}") is None


def test_two_changed_lines_are_not_moved() -> None:
    options = BatchOptions()
    text = load_license("apache-2.0").text
    first = work.answer_here("a/LICENSE", f"Copyright 2001 Org 1\n\n{text}\n\nCopyright 2001 Org 1\n".encode(), options)[0]
    assert moved(first, first["source"]["text"], f"Copyright 2002 Org 2\n\n{text}\n\nCopyright 2003 Org 3\n") is None
    assert moved(first, first["source"]["text"], f"Copyright 2002 Org 2\n\n{text}\n\nCopyright 2001 Org 1\n") is not None


def test_a_hub_of_copies_gives_the_same_results_with_and_without_moved_records(tmp_path, monkeypatch) -> None:
    chance = random.Random(9)
    folder = tmp_path / "hub"
    for number in range(60):
        model = folder / f"org{number % 7}" / f"model-{number}"
        model.mkdir(parents=True)
        (model / "LICENSE").write_text(variant(chance, chance.choice(KEYS[:6]), number), encoding="utf-8")
    runs = []
    for kept in (32, 0):
        monkeypatch.setattr(work, "_VARIANTS", NoticeVariants(kept))
        result = run_batch(folder, BatchOptions(), jobs=1, outdir=tmp_path / f"out-{kept}")
        runs.append((tmp_path / f"out-{kept}" / "results.jsonl").read_text(encoding="utf-8"))
        assert result.files == 60
    assert runs[0] == runs[1]


def test_pages_made_from_an_earlier_copys_page_are_the_pages_rendered_in_full(monkeypatch) -> None:
    """A copy with another copyright line gets its page from the page of an earlier copy (its path, length, digest and
    notice rewritten); byte for byte the page rendered from its own record, escaping included."""
    import licensecheck.report.analysis as analysis
    from licensecheck.report import render_html

    monkeypatch.setattr(work, "_VARIANTS", NoticeVariants())
    monkeypatch.setattr(outputs, "_PAGES", type(outputs._PAGES)())
    made = []
    original = analysis.moved_page
    monkeypatch.setattr(analysis, "moved_page", lambda *args: made.append(original(*args)) or made[-1])
    options, chance, compared = BatchOptions(), random.Random(11), 0
    for number in range(200):
        data = variant(chance, chance.choice(KEYS[:8]), number).encode()
        record = work.answer_here(f"org{number % 5}/model-{number}/LICENSE", data, options)[0]
        if record is None or "error" in record:
            continue
        assert outputs._page_html(record) == render_html(record, record["source"]["text"], index_href="../index.html")
        compared += 1
    assert compared > 100 and sum(page is not None for page in made) > 50, (compared, len(made))
