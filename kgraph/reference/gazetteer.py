"""The compiled entity gazetteer: loaded once, looked up by name, and matched over text token by token.

Why tokens and not one big regex: a few thousand names in one alternation make Python's backtracking engine
slow, while a dict from first token to the names starting with it costs one lookup per word of text. Full
names match with their case as written (a lower-case "home office" is a description, not a name); tokens
ignore punctuation, so "Foreign, Commonwealth & Development Office" also matches "Foreign Commonwealth and
Development Office". Abbreviations match only when the text writes them as abbreviations ("MoJ", "MOJ"), and
one that several live bodies share is not trusted.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_TOKEN = re.compile(r"[A-Za-z0-9][\w'\-]*|&")
# Text between two tokens of one name: spaces, commas, hyphens, a colon; never a full stop or a bracket.
_GAP = re.compile(r"[ ,:\-\u2013]*")


@dataclass(frozen=True)
class Record:
    """One gazetteer entity as compiled by scripts/compile_gazetteers.py."""

    key: str
    label: str
    type: str
    cls: str
    alts: tuple[str, ...]
    abbrs: tuple[str, ...]
    links: tuple[str, ...]
    ids: tuple[tuple[str, str], ...]
    closed: bool


def fold(name: str) -> str:
    """The scorer's notion of one name: case, "&"/"and", punctuation and a leading "the" folded."""
    name = name.casefold().replace("\u2019", "'").replace("&", " and ")
    name = re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", name)).strip()
    return name[4:] if name.startswith("the ") else name


def token_key(token: str) -> str:
    """How one word is compared: "&" is "and", a possessive or plural "'s" is dropped."""
    if token == "&":
        return "and"
    if token.endswith("'s"):
        return token[:-2]
    return token.rstrip("'")


class Gazetteer:
    """Records with a name index (folded name -> record) and a first-token index for matching text."""

    def __init__(self, records: list[Record]) -> None:
        self.records = records
        self.by_name: dict[str, Record] = {}
        self.by_abbr: dict[str, Record] = {}
        self.by_abbr_exact: dict[str, Record] = {}
        self._first: dict[str, list[tuple[tuple[str, ...], Record]]] = {}
        abbr_owners: dict[str, list[Record]] = {}
        # Live records first so that a closed body never takes the name of a live one.
        for rec in sorted(records, key=lambda r: r.closed):
            for name in (rec.label, *rec.alts):
                self.by_name.setdefault(fold(name), rec)
                toks = tuple(token_key(t) for t in _TOKEN.findall(name.replace("\u2019", "'")))
                if toks and (len(toks) > 1 or len(toks[0]) > 2):
                    self._first.setdefault(toks[0], []).append((toks, rec))
            for abbr in rec.abbrs:
                abbr_owners.setdefault(abbr.upper(), []).append(rec)
        for abbr, owners in abbr_owners.items():
            live = [r for r in owners if not r.closed] or owners
            if len({r.key for r in live}) == 1:
                self.by_abbr[abbr] = live[0]
                for written in live[0].abbrs:
                    if written.upper() == abbr:
                        self.by_abbr_exact[written] = live[0]
                self.by_name.setdefault(fold(abbr), live[0])
        for entries in self._first.values():
            entries.sort(key=lambda e: -len(e[0]))

    def lookup(self, name: str) -> Record | None:
        """The record whose label, alternative name or unambiguous abbreviation folds to ``name``."""
        return self.by_name.get(fold(name))

    def abbreviation(self, token: str) -> Record | None:
        """The record an abbreviation as written in text stands for ("MoJ" and "MOJ" alike)."""
        return self.by_abbr.get(token.upper())

    def find(self, text: str) -> list[tuple[int, int, Record]]:
        """Non-overlapping (start, end, record) of the longest names and abbreviations found in ``text``."""
        toks = [(token_key(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        out: list[tuple[int, int, Record]] = []
        first = self._first
        n = len(toks)
        i = 0
        while i < n:
            tok, start, end = toks[i]
            hit = None
            for names, rec in first.get(tok, ()):
                k = len(names)
                if (
                    i + k <= n
                    and all(toks[i + j][0] == names[j] for j in range(1, k))
                    and all(_GAP.fullmatch(text, toks[i + j - 1][2], toks[i + j][1]) for j in range(1, k))
                ):
                    hit = (k, rec)
                    break
            if hit is None and len(tok) >= 2 and tok[0].isupper():
                rec = self.by_abbr_exact.get(tok)
                if rec is None and sum(c.isupper() for c in tok) >= 2:
                    rec = self.by_abbr.get(tok.upper())
                if rec is not None:
                    hit = (1, rec)
            if hit is None:
                i += 1
                continue
            k, rec = hit
            last_end = toks[i + k - 1][2]
            stop = last_end
            word = text[toks[i + k - 1][1] : last_end]
            if word.endswith("'s"):
                stop -= 2
            elif word.endswith("'"):
                stop -= 1
            out.append((start, stop, rec))
            i += k
        return out


def _same(token: str, name_token: str) -> bool:
    """Words after the first compare case-insensitively ("Healthcare Products" in a text, "products" in the
    reference); the first word keeps its case, so a lower-case description never starts a match."""
    return token == name_token or token.lower() == name_token.lower()


def _record(row: dict) -> Record:
    return Record(
        row["key"],
        row["label"],
        row["type"],
        row["cls"],
        tuple(row["alts"]),
        tuple(row["abbrs"]),
        tuple(row["links"]),
        tuple((s, v) for s, v in row["ids"]),
        bool(row["closed"]),
    )


@cache
def gazetteer() -> Gazetteer:
    """The packaged gazetteer, read once per process (rebuild with scripts/compile_gazetteers.py)."""
    raw = (Path(__file__).resolve().parents[1] / "data" / "gazetteer.json.gz").read_bytes()
    data = json.loads(gzip.decompress(raw))
    return Gazetteer([_record(row) for row in data["entities"]])
