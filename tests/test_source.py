"""Reading input: encodings, markup, and refusing what is not license text."""

from __future__ import annotations

import codecs

import pytest

from licensecheck.errors import InputError
from licensecheck.source import decode, detect_markup, read_bytes, read_known, read_path

MIT_LINE = "Permission is hereby granted, free of charge, to any person obtaining a copy — “MIT” ©"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (MIT_LINE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + MIT_LINE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + MIT_LINE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + MIT_LINE.encode("utf-16-be"), "utf-16-be"),
        (MIT_LINE.encode("utf-16-le"), "utf-16-le"),  # no BOM: recognised by its NUL pattern
        (MIT_LINE.encode("cp1252"), "cp1252"),  # curly quotes and em dash in Windows-1252
    ],
)
def test_decode_gives_the_same_text_for_each_encoding(data: bytes, encoding: str) -> None:
    assert decode(data) == (MIT_LINE, encoding)


def test_latin1_bytes_undefined_in_cp1252_still_decode() -> None:
    text, encoding = decode(b"Copyright \xa9 2024 caf\xe9 \x81")
    assert encoding == "latin-1" and text.startswith("Copyright © 2024 café")


def test_invalid_bytes_after_a_bom_are_refused_naming_the_input() -> None:
    with pytest.raises(InputError, match=r"^x\.txt: invalid utf-8"):
        read_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfd", origin="x.txt")


def test_windows_line_endings_and_zero_width_characters_are_normalised() -> None:
    text = read_bytes(b"MIT License\r\n\r\nPermission\xe2\x80\x8b is granted.\r\n", origin="x").text
    assert text == "MIT License\n\nPermission is granted.\n"


def test_html_is_reduced_to_visible_text_with_links_kept() -> None:
    page = (
        b"<html><head><title>t</title><style>p{}</style><script>alert(1)</script></head><body>"
        b"<h1>Llama 2</h1><p>Adhere to the <a href='https://ai.meta.com/llama/use-policy'>Acceptable Use Policy</a>.</p>"
        b"<ul><li>first</li><li>second</li></ul></body></html>"
    )
    result = read_bytes(page, origin="page.html", path="page.html")
    assert result.markup == "html"
    assert "alert" not in result.text and "p{}" not in result.text
    assert "Acceptable Use Policy (https://ai.meta.com/llama/use-policy)." in result.text
    assert "- first\n" in result.text and result.text.startswith("Llama 2\n")


def test_markdown_markup_is_stripped_but_words_and_urls_stay() -> None:
    markdown = "# Terms\n\n**You may not** use it, see [the policy](https://x.org/aup).\n\n* item one\n\nsnake_case_name stays\n"
    result = read_bytes(markdown.encode(), origin="LICENSE.md", path="LICENSE.md")
    assert result.markup == "markdown"
    assert result.text == "Terms\n\nYou may not use it, see the policy (https://x.org/aup).\n\n- item one\n\nsnake_case_name stays\n"


def test_plain_text_with_an_asterisk_is_not_treated_as_markdown() -> None:
    assert detect_markup("THE SOFTWARE IS PROVIDED *AS IS*, WITHOUT WARRANTY.") == "plain"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive"),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(100), "an executable"),
        (bytes(range(256)) * 4, "binary data"),
    ],
)
def test_binary_input_is_refused_with_what_it_looks_like(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=rf"^blob: looks like {reason}"):
        read_bytes(data, origin="blob")


def test_oversized_file_is_refused_before_reading(tmp_path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2000)
    with pytest.raises(InputError, match=r"big\.txt: 2,000 bytes is over the 1,000-byte limit"):
        read_path(big, max_bytes=1000)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n", b"<html><body></body></html>"])
def test_empty_input_is_refused(content: bytes) -> None:
    with pytest.raises(InputError, match="no license text"):
        read_bytes(content, origin="empty.txt", path="empty.txt")


def test_missing_file_and_directory_are_refused_with_their_names(tmp_path) -> None:
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_path(tmp_path)


def test_known_license_reads_the_licensedcode_body_without_front_matter() -> None:
    llama = read_known("llama-2-license-2023")
    assert llama.text.lstrip().startswith("LLAMA 2 COMMUNITY LICENSE AGREEMENT")
    assert "spdx_license_key" not in llama.text
    assert llama.known_key == "llama-2-license-2023"


@pytest.mark.parametrize("key", ["no-such-license", "../etc/passwd", ""])
def test_unknown_or_unsafe_keys_are_refused(key: str) -> None:
    with pytest.raises(InputError):
        read_known(key)
