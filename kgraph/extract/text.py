"""The text an extractor sees: the addressee clause and URLs blanked out, quotes and spaces made plain.

Blanking replaces characters one for one, so every offset an extractor finds in ``Doc.masked`` is an offset
into the caller's original text, and a name that appears only inside a URL or inside "To ask the Secretary
of State for the Home Department," can never be matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# "To ask the Secretary of State for X," / "To ask the Minister for the Cabinet Office," /
# "To ask the hon. Member for X, representing the Church Commissioners," / "To ask His Majesty's Government"
# The clause ends at the first comma followed by the lower-case start of the question proper, so department
# names with commas ("for Foreign, Commonwealth and Development Affairs") stay inside it.
_ADDRESSEE = re.compile(
    r"^\s*To ask (?:(?:His|Her) Majesty['\u2019]s Government\b"
    r"|[^\n]{1,200}?(?:, representing [^,\n]{1,120})?,(?=\s*(?:[a-z(\d\u2018'\"\u201c]|$)))",
)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'\u2018\u2019\u201c\u201d]+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:gov\.uk|org\.uk|co\.uk|ac\.uk|nhs\.uk|police\.uk|com|org|net|uk)\b[^\s<>\"]*"
)
_PLAIN = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u2009": " ", "\u202f": " "}
)


def addressee_span(text: str) -> tuple[int, int] | None:
    """The opening "To ask the …," clause of a question, which names the addressee, not a mention."""
    m = _ADDRESSEE.match(text)
    return (m.start(), m.end()) if m else None


def url_spans(text: str) -> list[tuple[int, int]]:
    """Every URL or bare web address; a name inside one is not a mention."""
    return [m.span() for m in _URL.finditer(text)]


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by spaces of the same length (offsets are kept)."""
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos:
            start = pos
        parts.append(text[pos:start])
        parts.append(" " * (end - start))
        pos = max(pos, end)
    parts.append(text[pos:])
    return "".join(parts)


@dataclass(frozen=True)
class Doc:
    """One text as every extractor sees it; ``masked`` has exactly the length of ``text``."""

    text: str
    masked: str
    role: str
    # Work several extractors share (the gazetteer pass), computed once per text.
    memo: dict = field(default_factory=dict, compare=False, repr=False)


def prepare(text: str, *, role: str) -> Doc:
    """Blank the addressee clause (questions only) and URLs, and fold curly quotes to plain ones."""
    if role not in ("question", "answer"):
        raise ValueError(f"role must be 'question' or 'answer', not {role!r}")
    spans = url_spans(text)
    if role == "question":
        head = addressee_span(text)
        if head:
            spans.append(head)
    return Doc(text=text, masked=blank(text, spans).translate(_PLAIN), role=role)
