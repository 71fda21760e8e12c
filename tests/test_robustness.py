"""Bad, hostile and odd input: always an analysis or a clear InputError, never a crash; labels invariant
under re-encoding and re-rendering."""

from __future__ import annotations

import codecs
import html
import re
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from licensecheck import analyze
from licensecheck.errors import InputError
from licensecheck.licensedb import load_license
from licensecheck.source import read_bytes

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def outcome(data: bytes, classifier, name: str = "input") -> str:
    """'ok' or the InputError reason; anything else propagates and fails the test."""
    started = time.perf_counter()
    try:
        result = analyze(read_bytes(data, origin=name), classifier=classifier, references=False)
        assert all(data_clause.clause.text for data_clause in result.clauses)
        return "ok"
    except InputError as error:
        assert str(error).startswith(name) and "\n" not in str(error)
        return error.reason
    finally:
        assert time.perf_counter() - started < 30, "analysis took too long"


@FAST
@given(st.binary(max_size=4000))
def test_random_bytes_give_an_analysis_or_a_clear_error(classifier, data: bytes) -> None:
    outcome(data, classifier)


@FAST
@given(st.text(max_size=3000))
def test_arbitrary_unicode_gives_an_analysis_or_a_clear_error(classifier, text: str) -> None:
    outcome(text.encode("utf-8", "surrogatepass"), classifier)


@FAST
@given(st.lists(st.sampled_from(["1.", "(a)", "(iv)", "-", "*", "Section 2.", "  ", "\t", "A.", "1.2.3"]), min_size=1, max_size=60), st.text(min_size=1, max_size=40))
def test_deeply_nested_enumerators_segment_without_error(classifier, markers: list[str], words: str) -> None:
    text = "\n".join(f"{'  ' * depth}{marker} {words}" for depth, marker in enumerate(markers))
    outcome(text.encode("utf-8", "surrogatepass"), classifier)


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"", "empty"),
        (b"   \n\t \r\n", "empty"),
        (b"\x00" * 100, "binary"),
        ("x" * 200_000, "ok"),  # one enormous line
        ("\n".join(f"{number}. You may not use this for purpose {number}." for number in range(1, 10_001)), "ok"),  # 10,000 sections
        ("MIT License\r\nPermission is granted.\rNo warranty.\n", "ok"),  # mixed line endings
        ("\u202eesneciL TIM\u202c and \u200bzero\u200d width\u2060 joiners.", "ok"),  # right-to-left and zero-width characters
        ("Permission\x00 granted " * 50, "binary"),  # NUL bytes inside text
    ],
)
def test_edge_inputs(classifier, data: bytes | str, expected: str) -> None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    assert outcome(raw, classifier) == expected


def test_clause_limit_is_a_clear_error(classifier) -> None:
    text = "\n".join(f"{number}. Clause {number}." for number in range(1, 120))
    with pytest.raises(InputError, match="clause limit"):
        analyze(text, classifier=classifier, references=False, max_clauses=100)


def labels_of(text: str | bytes, classifier, name: str = "x.txt") -> set[str]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return set(analyze(read_bytes(raw, origin=name, path=name), classifier=classifier, references=False).by_label)


INVARIANCE_KEYS = ["mit", "apache-2.0", "llama-2-license-2023", "cc-by-nc-4.0", "bigscience-open-rail-m"]


@pytest.mark.parametrize("key", INVARIANCE_KEYS)
def test_labels_survive_encodings(classifier, key: str) -> None:
    text = load_license(key).text
    expected = labels_of(text, classifier)
    for encoded in (
        codecs.BOM_UTF8 + text.encode("utf-8"),
        codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        text.replace("\n", "\r\n").encode("utf-8"),
    ):
        assert labels_of(encoded, classifier) == expected
    narrow = text.encode("cp1252", "replace")
    if narrow.decode("cp1252") == text:  # the texts that Windows-1252 and Latin-1 can hold
        assert labels_of(narrow, classifier) == expected
    if text.encode("latin-1", "replace").decode("latin-1") == text:
        assert labels_of(text.encode("latin-1"), classifier) == expected


@pytest.mark.parametrize("key", INVARIANCE_KEYS)
def test_blocking_labels_survive_rerendering(classifier, key: str) -> None:
    """Re-wrapped, smart-quoted, Markdown, HTML or with a new copyright line: the same blocking restrictions."""
    text = load_license(key).text
    blocking = {label for label in labels_of(text, classifier) if label in BLOCKING}
    paragraphs = [paragraph for paragraph in re.split(r"\n\s*\n", text) if paragraph.strip()]
    variants = {
        "rewrapped": "\n\n".join(textwrap.fill(" ".join(paragraph.split()), 66) for paragraph in paragraphs),
        "smart quotes": re.sub(r'"([^"\n]*)"', "“\\1”", text).replace("'", "’"),
        "copyright": "Copyright (c) 2031 Somebody Else. All rights reserved.\n\n" + text,
        "markdown": "# License\n\n" + "\n\n".join(f"**{p.strip()}**" if len(p) < 60 else p for p in paragraphs),
        "html": "<html><body>" + "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs) + "</body></html>",
    }
    names = {"markdown": "LICENSE.md", "html": "LICENSE.html"}
    for name, variant in variants.items():
        found = {label for label in labels_of(variant, classifier, names.get(name, "LICENSE")) if label in BLOCKING}
        assert found == blocking, name


BLOCKING = {"commercial-ban", "use-case-limit", "user-count-cap", "output-restriction", "no-derivatives", "pass-through", "revocation", "territorial"}


def test_no_pickle_or_eval_on_input_paths() -> None:
    package = Path(__file__).resolve().parent.parent / "licensecheck"
    for source in package.rglob("*.py"):
        code = source.read_text()
        assert not re.search(r"^\s*import pickle|^\s*from pickle|joblib\.load|\beval\(|\bexec\(", code, re.MULTILINE), source.name


def test_short_fuzz_run_of_reader_and_segmenter_finds_nothing() -> None:
    """The atheris target in fuzz/ for a few thousand inputs (run it for longer by hand)."""
    import subprocess
    import sys

    pytest.importorskip("atheris")
    target = Path(__file__).resolve().parent.parent / "fuzz" / "fuzz_reader_segmenter.py"
    # libFuzzer's memory limit reads the peak RSS, which a child process inherits from this one (pytest, with the
    # whole suite loaded); the limit on single allocations still catches a runaway input
    done = subprocess.run([sys.executable, str(target), "-runs=3000", "-max_len=2048", "-seed=1", "-rss_limit_mb=0", "-malloc_limit_mb=2048"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done 3000 runs" in done.stderr
