"""Read one license text from a file, stdin, bytes or LicenseDB and normalise it.

Decodes UTF-8 / UTF-16 / UTF-32 (with BOM), UTF-8 without BOM, Windows-1252 and
Latin-1; reads PDF and DOCX documents (the ``documents`` extra) by their content;
strips HTML and Markdown markup; refuses binary, empty and oversized input with
an :class:`~licensecheck.errors.InputError` naming the input.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import sys
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .documents import document_kind, document_text
from .errors import InputError, UnknownLicenseError
from .licensedb import load_license

DEFAULT_MAX_BYTES = 5_000_000

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (DOCX, JAR, wheel ...)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an OLE document (DOC, XLS)"),
)
_CONTROL_OK = {"\n", "\t", "\f", "\v"}


@dataclass(frozen=True)
class LicenseText:
    """A normalised license text and where it came from."""

    text: str
    origin: str
    sha256: str
    encoding: str = "utf-8"
    markup: str = "plain"
    path: str | None = None
    known_key: str | None = None

    @property
    def chars(self) -> int:
        """The length of the normalised text in characters."""
        return len(self.text)


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LicenseText:
    """Read and normalise a license file; ``-`` reads standard input."""
    if str(path) == "-":
        return read_stdin(max_bytes)
    file = Path(path)
    if not file.exists():
        raise InputError(f"{file}: no such file", "missing")
    if file.is_dir():
        raise InputError(f"{file}: is a directory, not a license file", "directory")
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise InputError(f"{file}: {size:,} bytes is over the {max_bytes:,}-byte limit", "too-large")
        with file.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise InputError(f"{file}: cannot read ({error.strerror or error})", "unreadable") from error
    return read_bytes(data, origin=str(file), max_bytes=max_bytes, path=str(file))


def read_stdin(max_bytes: int = DEFAULT_MAX_BYTES) -> LicenseText:
    """Read pasted license text from standard input."""
    data = sys.stdin.buffer.read(max_bytes + 1)
    return read_bytes(data, origin="<stdin>", max_bytes=max_bytes, path="-")


def read_text(text: str, origin: str = "<text>", max_bytes: int = DEFAULT_MAX_BYTES) -> LicenseText:
    """Normalise license text already held as a string (the library entry point)."""
    return read_bytes(text.encode("utf-8", "surrogatepass"), origin=origin, max_bytes=max_bytes)


def read_known(key: str) -> LicenseText:
    """The text of a license shipped in licensedcode-data, by ScanCode key."""
    try:
        reference = load_license(key)
    except UnknownLicenseError as error:
        raise InputError(str(error), "unknown-license") from error
    data = reference.text.encode("utf-8")
    return LicenseText(
        text=reference.text,
        origin=f"licensedcode:{key}",
        sha256=hashlib.sha256(data).hexdigest(),
        known_key=key,
    )


def read_bytes(
    data: bytes,
    origin: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    path: str | None = None,
) -> LicenseText:
    """Decode, check and normalise raw bytes into a :class:`LicenseText`."""
    if len(data) > max_bytes:
        raise InputError(f"{origin}: input is over the {max_bytes:,}-byte limit", "too-large")
    document = document_kind(data)
    if document:
        text, encoding = document_text(data, origin, document), document
    else:
        kind = _binary_kind(data)
        if kind:
            raise InputError(f"{origin}: looks like {kind}, not license text", "binary")
        text, encoding = decode(data, origin)
    text = normalise(text)
    if _is_binary_text(text):
        raise InputError(f"{origin}: looks like binary data, not license text", "binary")
    markup = detect_markup(text, path or origin)
    text = strip_markup(text, markup)
    if not text.strip():
        raise InputError(f"{origin}: no license text (the input is empty)", "empty")
    return LicenseText(
        text=text,
        origin=origin,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        markup=markup,
        path=path,
    )


def decode(data: bytes, origin: str = "<input>") -> tuple[str, str]:
    """Decode bytes, honouring a BOM, else UTF-8, UTF-16 without BOM, Windows-1252, Latin-1.

    >>> decode("Caf\\u00e9".encode("cp1252"))
    ('Café', 'cp1252')
    >>> decode(codecs.BOM_UTF16_LE + "MIT".encode("utf-16-le"))
    ('MIT', 'utf-16-le')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise InputError(f"{origin}: invalid {encoding} after its byte-order mark ({error.reason})", "undecodable") from error
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def normalise(text: str) -> str:
    """Unify line endings, drop NUL-free invisible junk and compose Unicode (NFC).

    >>> normalise("a\\r\\nb\\rc\\u200b")
    'a\\nb\\nc'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = re.sub("[\u200b\u200c\u200d\u2060\ufeff]", "", text)
    return unicodedata.normalize("NFC", text)


def detect_markup(text: str, name: str = "") -> str:
    """Guess whether a text is ``html``, ``markdown`` or ``plain``.

    >>> detect_markup("<html><body><p>MIT</p></body></html>")
    'html'
    >>> detect_markup("# MIT License\\n\\nSee [the site](https://x.org).")
    'markdown'
    """
    lowered = name.lower()
    head = text[:4000].lower()
    if lowered.endswith((".html", ".htm")) or re.search(r"<(!doctype html|html|body|p|div|br|li|h[1-6])\b", head):
        return "html"
    if lowered.endswith((".md", ".markdown")):
        return "markdown"
    cues = sum(
        bool(re.search(pattern, text[:20000], re.MULTILINE))
        for pattern in (r"^#{1,6} \S", r"\]\([^)\s]+\)", r"\*\*[^*\n]+\*\*", r"^```")
    )
    return "markdown" if cues >= 2 else "plain"


def strip_markup(text: str, markup: str) -> str:
    """Remove HTML or Markdown markup, keeping the words, list markers and link targets."""
    if markup == "html":
        return _strip_html(text)
    if markup == "markdown":
        return _strip_markdown(text)
    return text


class _TextExtractor(HTMLParser):
    """Collect the visible text of an HTML page, one line per block element."""

    _BLOCKS = {
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header", "footer",
        "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "dt", "dd", "hr",
    }
    _HIDDEN = {"script", "style", "head", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0
        self._href: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n" if tag not in {"br", "li", "tr"} else "\n")
            if tag == "li":
                self.parts.append("- ")
        elif tag == "a":
            self._href.append(dict(attrs).get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")
        elif tag == "a" and self._href:
            href = self._href.pop()
            if href and href.startswith(("http://", "https://")) and href not in "".join(self.parts[-3:]):
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(re.sub(r"[ \t\n]+", " ", data))


def _strip_html(text: str) -> str:
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


_MD_RULES = (
    (re.compile(r"^```.*$|^~~~.*$", re.MULTILINE), ""),
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.MULTILINE), r"\1"),
    (re.compile(r"^ {0,3}(?:[-*_][ \t]*){3,}$", re.MULTILINE), ""),
    (re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$", re.MULTILINE), ""),
    (re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE), ""),
    (re.compile(r"^([ \t]*)[*+][ \t]+", re.MULTILINE), r"\1- "),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)(?:\s+\"[^\"]*\")?\)"), r"\1 (\2)"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w])"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
    (re.compile(r"<br\s*/?>", re.IGNORECASE), "\n"),
    (re.compile(r"</?(?:a|b|i|em|strong|span|sup|sub|u|code)\b[^>]*>", re.IGNORECASE), ""),
)


def _strip_markdown(text: str) -> str:
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return text


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    sample = data[:8192]
    if b"\x00" in sample and _utf16_without_bom(sample[: len(sample) // 2 * 2]) is None:
        return "binary data"
    return None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Recognise BOM-less UTF-16 text by its NUL bytes on every other position."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) > 0.9 * len(zeros):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    return None


def _is_binary_text(text: str) -> bool:
    sample = text[:65536]
    if "\x00" in sample:
        return True
    controls = len(_CONTROLS.findall(sample))
    return controls > max(8, len(sample) // 100)


# Unicode's control characters (category Cc: U+0000-U+001F, U+007F-U+009F) other than the layout ones
_CONTROLS = re.compile("[" + "".join(re.escape(chr(code)) for code in [*range(0x20), *range(0x7F, 0xA0)] if chr(code) not in _CONTROL_OK) + "]")
