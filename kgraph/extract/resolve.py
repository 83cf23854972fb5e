"""From candidate spans to mentions of resolved entities.

Three steps, each for a reason the guidelines give:
1. overlaps: a reference name beats a shape, a longer name beats a shorter one; a body named inside a
   programme's name is kept as well ("NSPCC Whistleblowing Advice Line" -> the line and NSPCC);
2. abbreviations the text defines in brackets ("Government Legal Department (GLD)") join the entity before
   them, and later bare uses of the abbreviation in that text name the same entity;
3. one Entity per thing: a shape name the gazetteer knows takes the reference entity; otherwise its key is
   minted from its folded label (case, leading "the", possessive and plural folded), so "Open General
   Licences" and "open general licence" are one key in every document.
"""

from __future__ import annotations

import re

from kgraph.extract.gazetteer_hits import entity_of
from kgraph.extract.model import Candidate, Entity, Mention
from kgraph.extract.names import is_acronym, strip_the
from kgraph.extract.shapes import HEADS, head_of, network_kind
from kgraph.reference.gazetteer import fold, gazetteer
from kgraph.vocab import slug

_BRACKET = re.compile(r"[ ]?\((?:the[ ]+)?(?P<abbr>[A-Z][A-Za-z0-9&\-]{1,11}(?:[ ][A-Z0-9&]{1,6})?)\)")
_WORD = re.compile(r"[A-Za-z][\w'\-]*")
_HEAD_WORDS = frozenset(HEADS)
_SMALL = {"of", "for", "and", "&", "the", "on", "in", "to", "into", "with"}
# A lower-case word after "(ABBR)" that says the capitalised name before it is a programme, service or
# publication ("Check Payroll Status for Tax (CPST) tool", "Free Breakfast Clubs (FBC) policy").
_KIND_AFTER = re.compile(
    r"[ ]+(?:policy|tool|scheme|programme|service|initiative|fund|funding|grant|platform|system|pilot|campaign"
    r"|app|portal|database|dataset|survey|framework|payments?|route|visa|standard|index|register|statistics)\b"
)


def choose(cands: list[Candidate]) -> list[Candidate]:
    """Keep the best of overlapping spans.

    Reference names, laws and defined abbreviations (strength >= 2) are placed first, longest first. A name
    shape (strength 1) is then kept if it partially overlaps none of them; when it contains some, it replaces
    them ("UK ETS Authority" over "UK ETS"), except that a reference body nested in a programme's name stays
    ("NSPCC Whistleblowing Advice Line" and NSPCC).
    """

    def order(c: Candidate) -> tuple:
        return (-(c.end - c.start), -c.strength, c.start, c.type, c.label)

    kept: list[Candidate] = []
    for c in sorted((c for c in cands if c.strength >= 2), key=order):
        if all(c.end <= k.start or k.end <= c.start or _nested(c, k) for k in kept):
            kept.append(c)
    for c in sorted((c for c in cands if c.strength < 2), key=order):
        clash = [k for k in kept if c.start < k.end and k.start < c.end and not _nested(c, k)]
        if any(not (c.start <= k.start and k.end <= c.end) or (k.start, k.end) == (c.start, c.end) for k in clash):
            continue
        if any(k.type == "Law" or k.strength == 3 and k.type == c.type and k.end == c.end for k in clash):
            continue
        last = c.label.split()[-1] if c.label else ""
        if clash and not (head_of(last) or last[:1].isdigit()):
            continue  # a name that only continues a reference name ("Ministry of Defence Consultants")
        kept = [k for k in kept if k not in clash or _nested(k, c)]
        kept.append(c)
    return kept


def _nested(a: Candidate, b: Candidate) -> bool:
    """A reference body inside a programme's name: both are mentions."""
    inner, outer = (a, b) if b.start <= a.start and a.end <= b.end else (b, a)
    if not (outer.start <= inner.start and inner.end <= outer.end) or (inner.start, inner.end) == (
        outer.start,
        outer.end,
    ):
        return False
    if outer.container:
        return True
    return inner.type == "Body" and inner.strength >= 2 and outer.type == "Programme"


def _title_case(phrase: str) -> bool:
    """Every word but the small connectors is capitalised: a proper name, not a description."""
    return all(w[:1].isupper() or w.lower() in _SMALL for w in phrase.split())


def _initials_match(words: list[str], abbr: str) -> bool:
    letters = [c for c in abbr.upper() if c.isalpha()]
    initials = [w[0].upper() for w in words if w.lower() not in _SMALL]
    return initials == letters


def _define(text: str, start: int, abbr: str) -> tuple[int, str] | None:
    """A lower- or title-case phrase right before "(ABBR)" whose initials spell the abbreviation."""
    words = list(_WORD.finditer(text[max(0, start - 200) : start]))
    base = max(0, start - 200)
    n = len([c for c in abbr if c.isalpha()])
    for size in range(n, min(len(words), n + 3) + 1):
        chosen = words[-size:]
        ws = [w.group() for w in chosen]
        if ws[0].lower() in _SMALL:
            continue
        gap = text[base + chosen[0].start() : start]
        if any(ch in gap for ch in ".;:()\n"):
            return None
        if _initials_match(ws, abbr):
            return base + chosen[0].start(), text[base + chosen[0].start() : start].strip()
    return None


def _wider_owner(text: str, at: int, abbr: str, owner: Candidate, extra: list[Candidate]) -> Candidate:
    """A longer title-case name the abbreviation spells, around a shorter programme name it ends with.

    "Universal Infant Free School Meals (UIFSM)": the reference knows "Free School Meals", but the letters say
    the name is the whole phrase, which is then the programme (and a stronger span than the reference name).
    """
    if not is_acronym(abbr) or _initials_match(_WORD.findall(text[owner.start : owner.end]), abbr):
        return owner
    found = _define(text, at, abbr)
    if found is None or found[0] >= owner.start or not _title_case(found[1]):
        return owner
    start, phrase = found
    wider = Candidate(start, start + len(phrase), owner.type, owner.cls, phrase, owner.extractor, strength=2)
    extra.append(wider)
    return wider


def abbreviations(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Link bracketed abbreviations to the name before them and find their later bare uses."""
    by_end = {}
    for c in cands:
        by_end.setdefault(c.end, []).append(c)
    extra: list[Candidate] = []
    defined: dict[str, Candidate] = {}
    for m in _BRACKET.finditer(text):
        abbr = m.group("abbr")
        if not (is_acronym(abbr.replace(" ", "")) or m.group().lstrip(" (").startswith("the ")):
            continue
        owner = next((c for c in sorted(by_end.get(m.start(), []), key=lambda c: -c.strength)), None)
        if owner is not None and owner.type == "Programme":
            owner = _wider_owner(text, m.start(), abbr, owner, extra)
        if owner is None:
            found = _define(text, m.start(), abbr) if is_acronym(abbr.replace(" ", "")) else None
            if found is None:
                continue
            start, phrase = found
            head = head_of(phrase.split()[-1].capitalize()) or head_of(phrase.split()[-1])
            if head is None and _KIND_AFTER.match(text, m.end()) and _title_case(phrase):
                head = ("Programme", "Programme")
            if head is None:
                continue
            if network_kind(phrase):
                head = ("Programme", "Programme")  # "Major Road Network (MRN)": a funded network, not a body
            owner = Candidate(
                start,
                start + len(phrase),
                head[0],
                head[1],
                phrase,
                "programmes" if head[0] == "Programme" else "bodies" if head[0] == "Body" else "laws",
            )
            extra.append(owner)
        owner.alt_labels = (*owner.alt_labels, abbr)
        defined.setdefault(abbr, owner)
        a0 = m.start("abbr")
        extra.append(
            Candidate(a0, a0 + len(abbr), owner.type, owner.cls, owner.label, owner.extractor, strength=3, owner=owner)
        )
    if defined:
        pat = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted(defined, key=len, reverse=True)) + r")\b")
        for m in pat.finditer(text):
            if any(e.start == m.start() for e in extra):
                continue
            owner = defined[m.group()]
            extra.append(
                Candidate(
                    m.start(), m.end(), owner.type, owner.cls, owner.label, owner.extractor, strength=3, owner=owner
                )
            )
    return extra


def mint_key(type_: str, label: str) -> str:
    """A deterministic key for a thing no reference knows: type and its folded label."""
    words = fold(label).split()
    last = words[-1].capitalize() if words else ""
    if last.endswith("s") and last not in _HEAD_WORDS and head_of(last):
        words[-1] = words[-1][:-2] if head_of(last[:-1]) is None else words[-1][:-1]
    return f"{type_.lower()}/{slug(' '.join(words))}"


def entity_for(c: Candidate) -> Entity:
    """The entity a kept candidate names (reference entity, or one minted from its label)."""
    if c.entity is not None:
        return c.entity
    rec = gazetteer().lookup(c.label)
    if rec is not None and rec.type == c.type:
        return entity_of(rec)
    label = strip_the(c.label)
    return Entity(mint_key(c.type, label), label, c.type, c.cls)


def link(text: str, kept: list[Candidate]) -> list[Mention]:
    """Mentions with one Entity per key per text; labels and alternative labels gathered over the text."""
    base: dict[int, Entity] = {}
    for c in kept:
        base[id(c)] = entity_for(c.owner if c.owner is not None else c)
    # Acts named without their year join the same Act named with it in this text.
    years = {}
    for e in base.values():
        m = re.fullmatch(r"(.+ Act) \d{4}", e.label)
        if m and e.type == "Law":
            years[fold(m.group(1))] = e
    for k, e in list(base.items()):
        if e.type == "Law" and e.label.endswith(" Act") and fold(e.label) in years:
            base[k] = years[fold(e.label)]
    surfaces: dict[str, list[str]] = {}
    first: dict[str, Entity] = {}
    for c in kept:
        e = base[id(c)]
        first.setdefault(e.key, e)
        forms = surfaces.setdefault(e.key, [])
        for form in (strip_the(re.sub(r"\s+", " ", text[c.start : c.end])), *c.alt_labels):
            if form not in forms:
                forms.append(form)
    final: dict[str, Entity] = {}
    for key, e in first.items():
        known = (e.label, *e.alt_labels)
        extra = tuple(f for f in surfaces[key] if f not in known)
        final[key] = Entity(e.key, e.label, e.type, e.cls, e.alt_labels + extra, e.links, e.identifiers)
    mentions = [Mention(c.start, c.end, text[c.start : c.end], final[base[id(c)].key], c.extractor) for c in kept]
    mentions.sort(key=lambda m: (m.start, m.end, m.entity.key))
    return mentions
