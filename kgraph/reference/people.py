"""Who is who in Parliament: members of both Houses and the ministerial posts they held.

Written questions and answers name people by Members API id (``askingMemberId``), by name as the page
prints it ("Rt Hon Wendy Morton MP", "Lord Hanson of Flint") or by TheyWorkForYou id.  This module maps
all of those to one key, the UK Parliament Members API id, and answers what post a minister held on a
given day, from data compiled by ``scripts/compile_people.py`` into ``kgraph/data`` (sources and licences
in ``kgraph/data/ATTRIBUTION-people.md``).

Data is read on first lookup and kept (``functools.cache``); importing this module reads nothing.

>>> member(find_member("Lord Hanson of Flint")).house
'Lords'
"""

from __future__ import annotations

import datetime
import gzip
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "MemberInfo",
    "Post",
    "find_member",
    "known_person_names",
    "member",
    "member_for_twfy",
    "normalise_name",
    "posts",
    "role_on",
]

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

# Stripped from the front of a name: courtesy styles and honorifics say nothing about identity, apart
# from the gender some of them imply (used to tell namesakes apart).
_HONORIFICS = {
    "the": None, "rt": None, "right": None, "hon": None, "honourable": None, "dr": None, "prof": None,
    "professor": None, "rev": None, "revd": None, "reverend": None, "cllr": None, "councillor": None,
    "mr": "M", "sir": "M", "mrs": "F", "ms": "F", "miss": "F", "dame": "F", "mx": None,
}
# Stripped from the end: membership and honours letters ("MP", "KC", "CBE").
_POSTNOMINALS = {
    "mp", "kc", "qc", "pc", "obe", "mbe", "cbe", "kbe", "dbe", "kcb", "gcb", "cb", "cmg", "kcmg", "gcmg",
    "cvo", "kcvo", "gcvo", "lvo", "frs", "bt", "bart", "jp", "dl", "mla", "msp", "mep", "phd",
}
# Peers keep their title in the key: "Baroness Smith" and "Smith" are different people.
_PEER_TITLES = {
    "lord": "M", "baroness": "F", "viscount": "M", "viscountess": "F", "earl": "M", "countess": "F",
    "marquess": "M", "marchioness": "F", "duke": "M", "duchess": "F", "lady": "F",
}
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_TRAILING_DIGITS = re.compile(r"(\d+)\s*$")


@dataclass(frozen=True)
class MemberInfo:
    """One person known to Parliament, as of the newest fact the reference data holds.

    ``house`` is the House the person last sat in; ``constituency`` is the latest Commons seat (None for
    a peer); ``peerage`` is the title a member of the Lords is known by.
    """

    member_id: int
    name: str
    party: str | None
    constituency: str | None
    house: str | None
    peerage: str | None
    wikidata: str | None
    twfy_person_ids: tuple[str, ...]


@dataclass(frozen=True)
class Post:
    """A ministerial (or whip's) appointment as the IfG Ministers Database records it.

    ``end`` is None while the appointment is ongoing; ``rank`` is IfG's rank equivalence
    ("PM", "DPM", "SoS", "MoS", "PUSS", "Parl. lead.", "Parl.").
    """

    name: str
    department: str
    department_short: str | None
    start: datetime.date | None
    end: datetime.date | None
    rank: str | None

    def held_on(self, on: datetime.date, *, inclusive_end: bool = False) -> bool:
        """Whether the post was held on ``on``; the end day belongs to the successor unless inclusive."""
        if self.start is not None and on < self.start:
            return False
        if self.end is None:
            return True
        return on <= self.end if inclusive_end else on < self.end


def normalise_name(name: str) -> str:
    """The comparable form of a person's name: lower case, no accents or punctuation, no honorifics.

    >>> normalise_name("Rt Hon Wendy Morton MP")
    'wendy morton'
    >>> normalise_name("Lord Hanson of Flint")
    'lord hanson of flint'
    """
    return _parse(name)[0]


def _parse(name: str) -> tuple[str, str | None, bool]:
    """Normalised name, the gender an honorific implies, and whether an honorific was present."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _BRACKETS.sub(" ", text.lower()).replace("\u2019", "").replace("'", "")
    tokens = _NON_WORD.sub(" ", text).split()
    gender: str | None = None
    honorific = False
    while tokens and tokens[0] in _HONORIFICS:
        honorific = True
        gender = _HONORIFICS[tokens.pop(0)] or gender
    while tokens and tokens[-1] in _POSTNOMINALS:
        tokens.pop()
    if tokens and tokens[0] in _PEER_TITLES:
        gender = _PEER_TITLES[tokens[0]]
    return " ".join(tokens), gender, honorific


def _date(raw: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(raw) if raw else None


def _read(name: str) -> Any:
    with gzip.open(DATA_DIR / name, "rb") as fh:
        return json.loads(fh.read())


@dataclass(frozen=True)
class _Members:
    info: dict[int, MemberInfo]
    gender: dict[int, str]
    names: dict[int, tuple[str, ...]]
    twfy: dict[str, int]


@cache
def _members() -> _Members:
    info: dict[int, MemberInfo] = {}
    gender: dict[int, str] = {}
    names: dict[int, tuple[str, ...]] = {}
    twfy: dict[str, int] = {}
    for key, rec in _read("members.json.gz")["members"].items():
        mid = int(key)
        ids = tuple(rec.get("twfy", ()))
        info[mid] = MemberInfo(mid, rec["name"], rec.get("party"), rec.get("constituency"), rec.get("house"),
                               rec.get("peerage"), rec.get("wikidata"), ids)
        if "gender" in rec:
            gender[mid] = rec["gender"]
        names[mid] = tuple(n for n in (rec["name"], rec.get("peerage"), *rec.get("aliases", ())) if n)
        for person_id in ids:
            twfy[person_id] = mid
    return _Members(info, gender, names, twfy)


@dataclass(frozen=True)
class _Ministers:
    posts: dict[int, tuple[Post, ...]]
    rank_order: dict[str, int]


@cache
def _ministers() -> _Ministers:
    raw = _read("ministers.json.gz")
    departments = raw["departments"]
    table: dict[int, tuple[Post, ...]] = {}
    for key, items in raw["posts"].items():
        table[int(key)] = tuple(
            Post(name, departments[dept][0], departments[dept][1], _date(start), _date(end), rank)
            for name, dept, start, end, rank in items
        )
    return _Ministers(table, dict(raw["ranks"]))


@dataclass(frozen=True)
class _NameIndex:
    full: dict[str, frozenset[int]]
    surname: dict[str, frozenset[int]]


@cache
def _name_index() -> _NameIndex:
    """Every normalised name and surname to the members who bore it; ambiguity is kept, not resolved."""
    full: dict[str, set[int]] = defaultdict(set)
    surname: dict[str, set[int]] = defaultdict(set)
    for mid, names in _members().names.items():
        for name in names:
            key = normalise_name(name)
            tokens = key.split()
            if not tokens:
                continue
            full[key].add(mid)
            if tokens[0] in _PEER_TITLES:
                # "Lord Hanson of Flint" is also called "Lord Hanson"; "Earl of Avon" has no short form.
                short = key.split(" of ", 1)[0]
                if len(short.split()) >= 2:
                    full[short].add(mid)
            elif len(tokens) >= 2:
                surname[tokens[-1]].add(mid)
    return _NameIndex({k: frozenset(v) for k, v in full.items()},
                      {k: frozenset(v) for k, v in surname.items()})


def member(member_id: int) -> MemberInfo | None:
    """The member with this Members API id, or None when the reference data does not know them."""
    return _members().info.get(member_id)


def posts(member_id: int) -> list[Post]:
    """The member's ministerial appointments, oldest first (empty for a member who never held one)."""
    return list(_ministers().posts.get(member_id, ()))


def role_on(member_id: int, on: datetime.date) -> Post | None:
    """The post the member held on ``on``; when they held several, the highest-ranking one.

    A post ending on ``on`` counts only when no other post was held that day (the day of a reshuffle
    belongs to the new post).
    """
    held = [p for p in _ministers().posts.get(member_id, ()) if p.held_on(on)]
    if not held:
        held = [p for p in _ministers().posts.get(member_id, ()) if p.held_on(on, inclusive_end=True)]
    if not held:
        return None
    order = _ministers().rank_order
    return min(held, key=lambda p: (order.get(p.rank or "", 99), -(p.start or datetime.date.min).toordinal()))


def _minister_on(member_id: int, on: datetime.date) -> bool:
    return any(p.held_on(on, inclusive_end=True) for p in _ministers().posts.get(member_id, ()))


def find_member(name: str, on: datetime.date | None = None) -> int | None:
    """The Members API id of the person ``name`` refers to, or None unless exactly one person fits.

    Honorifics and letters ("Rt Hon", "Mr", "Dame", "Sir", "MP") are ignored, though a gendered one
    rules out namesakes of the other gender; "Mr Hanson" is tried as a surname.  When several people
    share the name, the one holding a ministerial post on ``on`` is preferred, if there is exactly one.
    """
    key, gender, honorific = _parse(name)
    tokens = key.split()
    if not tokens:
        return None
    index = _name_index()
    candidates = index.full.get(key)
    if not candidates and len(tokens) > 2 and tokens[0] not in _PEER_TITLES:
        candidates = index.full.get(f"{tokens[0]} {tokens[-1]}")  # a middle name the data lacks
    if not candidates and len(tokens) == 1 and honorific:
        candidates = index.surname.get(key)
    if not candidates:
        return None
    pool = sorted(candidates)
    if gender is not None:
        genders = _members().gender
        pool = [mid for mid in pool if genders.get(mid, gender) == gender]
    if len(pool) > 1 and on is not None:
        pool = [mid for mid in pool if _minister_on(mid, on)]
    return pool[0] if len(pool) == 1 else None


def member_for_twfy(person_id: str) -> int | None:
    """The Members API id for a TheyWorkForYou person id ("uk.org.publicwhip/person/10001" or "10001")."""
    match = _TRAILING_DIGITS.search(person_id.strip())
    return _members().twfy.get(match.group(1)) if match else None


def known_person_names() -> dict[str, int]:
    """Normalised full names (see ``normalise_name``) that name exactly one member, to their id.

    Meant as a gazetteer for finding people in text: single-word keys are left out, and so is every
    name two members share.
    """
    return {key: next(iter(ids)) for key, ids in sorted(_name_index().full.items())
            if len(ids) == 1 and " " in key}
