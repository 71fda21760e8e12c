"""Coverage-guided fuzzing of the reader and the segmenter (atheris).

    .venv/bin/python fuzz/fuzz_reader_segmenter.py -max_total_time=600     # by hand, as long as you like
    .venv/bin/python fuzz/fuzz_reader_segmenter.py -runs=3000              # the short run the tests make

Any exception other than InputError, any clause whose offsets do not quote the
text, or overlapping clauses is a finding.
"""

import sys

import atheris

with atheris.instrument_imports():
    from licensecheck.errors import InputError
    from licensecheck.segment import segment
    from licensecheck.source import read_bytes


def test_one_input(data: bytes) -> None:
    try:
        text = read_bytes(data, origin="fuzz", max_bytes=100_000)
    except InputError:
        return
    clauses = segment(text)
    previous_end = 0
    for clause in clauses:
        assert text.text[clause.start : clause.end] == clause.text, "offsets do not quote the text"
        assert clause.start >= previous_end, "clauses overlap"
        previous_end = clause.end


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
