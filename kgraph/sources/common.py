"""Helpers every reader needs: strict decoding, dates, and HTML answers turned into clean text."""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser

from kgraph.records import Link, ReadError


def decode_utf8(data: bytes) -> str:
    """UTF-8 (a BOM is allowed); anything else is named precisely rather than guessed at."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"not UTF-8: invalid byte 0x{data[exc.start]:02x} at offset {exc.start}") from None


_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")


def iso_date(value: object, field: str) -> dt.date | None:
    """An API date such as ``2021-02-01T00:00:00``; an impossible one (2023-02-30) is an error."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ReadError(f"{field}: expected a date string, got {type(value).__name__}")
    m = _ISO.match(value.strip())
    if not m:
        raise ReadError(f"{field}: not a date: {value!r}")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise ReadError(f"{field}: impossible date {value!r} ({exc})") from None


_MONTHS = {
    m: i
    for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september",
         "october", "november", "december"],
        start=1,
    )
}
_LONG = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})$")


def long_date(value: str, field: str) -> dt.date:
    """A page date such as ``7th January 2025``."""
    m = _LONG.match(value.strip())
    if not m or m[2].lower() not in _MONTHS:
        raise ReadError(f"{field}: not a date: {value!r}")
    try:
        return dt.date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    except ValueError as exc:
        raise ReadError(f"{field}: impossible date {value!r} ({exc})") from None


_BLOCK = frozenset(
    {"p", "div", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
     "section", "article", "thead", "tbody", "dl", "dt", "dd", "hr"}
)
_CELL = frozenset({"td", "th"})
_LINE = frozenset({"br", "tr"})  # a new line inside a paragraph: table rows stay together
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[Link] = []
        self._href: str | None = None
        self._anchor: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _LINE:
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append("\n\n")
        elif tag in _CELL:
            self.parts.append("\t")
        elif tag == "a":
            self._href = dict(attrs).get("href")
            self._anchor = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n")
        elif tag == "a" and self._href is not None:
            href = self._href.strip()
            if href and not href.lower().startswith(("javascript:", "mailto:")):
                self.links.append(Link(href, _SPACE.sub(" ", "".join(self._anchor)).strip()))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.parts.append(data)
        if self._href is not None:
            self._anchor.append(data)


def html_to_text(markup: str) -> tuple[str, tuple[Link, ...]]:
    """Clean text with paragraphs separated by one blank line, and the links the answer cites.

    Empty paragraphs (the API's ``<p> </p>`` spacers) disappear; cells of a table row are joined by " | ".
    """
    if "<" not in markup:
        return normalise_text(html.unescape(markup)), ()
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    seen: set[str] = set()
    links = []
    for link in parser.links:
        if link.href not in seen:
            seen.add(link.href)
            links.append(link)
    return normalise_text(text), tuple(links)


def normalise_text(text: str) -> str:
    """Paragraphs separated by exactly one blank line, lines trimmed, runs of spaces folded."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        lines = []
        for line in block.split("\n"):
            cells = [_SPACE.sub(" ", c).strip() for c in line.split("\t")]
            cells = [c for c in cells if c]
            if cells:
                lines.append(" | ".join(cells))
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)
