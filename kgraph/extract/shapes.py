"""Bodies and programmes by the shape of their names: a run of capitalised words headed by a telling noun.

"Child Sexual Exploitation Police Taskforce" is a body because its head is Taskforce; "Local Authority Housing
Fund" a programme because its head is Fund (the head is the last capitalised word before a connector or the
end of the run). A head may be followed by "of"/"for"/"into"/"on" and more capitalised words ("Independent
Inquiry into Child Sexual Abuse"). A head alone, or a head with only generic modifiers ("the Department",
"HM Government", "Local Authority"), is not a name.
"""

from __future__ import annotations

import re

from kgraph.extract.model import Candidate
from kgraph.extract.names import LEADING, is_acronym
from kgraph.reference.gazetteer import gazetteer

# head word -> (type, class); plurals are looked up without their final "s".
HEADS: dict[str, tuple[str, str]] = {
    **{
        w: ("Body", "Body")
        for w in [
            "Office",
            "Board",
            "Group",
            "Unit",
            "Institute",
            "Foundation",
            "University",
            "College",
            "Association",
            "Society",
            "League",
            "Faculty",
            "Organisation",
            "Organization",
            "Federation",
            "Union",
            "Forum",
            "Panel",
            "Directorate",
            "Secretariat",
            "Alliance",
            "Consortium",
            "Academy",
            "Trust",
            "Network",
            "Partnership",
            "Ombudsman",
            "Commissioner",
            "Observatory",
            "Laboratory",
            "Laboratories",
            "Council",
            "Committee",
            "Bank",
            "Club",
            "Chamber",
        ]
    },
    **{w: ("Body", "GovernmentDepartment") for w in ["Department", "Ministry"]},
    **{w: ("Body", "PublicBody") for w in ["Agency", "Authority", "Executive", "Service"]},
    **{w: ("Body", "Regulator") for w in ["Regulator", "Inspectorate"]},
    **{w: ("Body", "PoliceForce") for w in ["Police", "Constabulary"]},
    **{w: ("Body", "Court") for w in ["Court", "Tribunal"]},
    "Commission": ("Body", "Commission"),
    "Taskforce": ("Body", "Taskforce"),
    "Inquiry": ("Body", "Inquiry"),
    "Government": ("Body", "Government"),
    "Parliament": ("Body", "ParliamentaryBody"),
    "Assembly": ("Body", "ParliamentaryBody"),
    "Party": ("Body", "PoliticalParty"),
    **{w: ("Body", "Company") for w in ["Corporation", "Company", "Ltd", "Limited", "PLC", "plc", "LLP"]},
    **{
        w: ("Programme", "Programme")
        for w in [
            "Programme",
            "Program",
            "Framework",
            "Pilot",
            "Initiative",
            "Deal",
            "Agreement",
            "Register",
            "Assessment",
            "Inventory",
            "Project",
            "Package",
            "Pathway",
            "Mission",
            "Challenge",
            "Competition",
            "Partnership",
            "Hub",
            "Accelerator",
            "Prize",
            "Award",
            "Guarantee",
            "Compact",
            "Offer",
            "Model",
            "Dashboard",
            "Database",
            "Portal",
            "Tool",
            "Toolkit",
            "Platform",
            "Consultation",
            "Zone",
            "Obligation",
            "Levy",
            "Loan",
            "Formula",
        ]
    },
    "Scheme": ("Programme", "Scheme"),
    **{w: ("Programme", "Fund") for w in ["Fund", "Grant"]},
    **{w: ("Programme", "Strategy") for w in ["Strategy", "Plan", "Roadmap", "Blueprint", "Vision", "Agenda"]},
    **{w: ("Programme", "Benefit") for w in ["Allowance", "Payment", "Credit", "Benefit", "Bursary"]},
    **{
        w: ("Programme", "Publication")
        for w in ["Report", "Bulletin", "Guidance", "Guide", "Paper", "Outlook", "Manifesto", "Handbook", "Review"]
    },
    **{w: ("Programme", "StatisticalSeries") for w in ["Survey", "Statistics", "Index", "Census"]},
    **{w: ("Programme", "Standard") for w in ["Standard", "Code", "Licence", "License", "Charter"]},
    **{w: ("Programme", "Helpline") for w in ["Line", "Helpline", "Hotline"]},
    "Campaign": ("Programme", "Campaign"),
    **{w: ("Programme", "VisaRoute") for w in ["Visa", "Route"]},
}
HEADS["Review"] = ("Programme", "Review")
# Law heads, used only to type a phrase that a bracketed abbreviation defines ("minimum income requirement (MIR)").
HEADS["Requirement"] = ("Law", "LegalDuty")
HEADS["Duty"] = ("Law", "LegalDuty")
HEADS["Regime"] = ("Law", "LegalDuty")
HEADS["Service"] = ("Programme", "Service")
# Heads whose name can continue after "of"/"for"/"into"/"on" ("Court of Appeal", "Review of ...").
CONTINUES = {"of", "for", "into", "on"}
# Modifiers that do not make a head a name on their own.
GENERIC = frozenset(
    [
        "Head",
        "UK",
        "HM",
        "Her",
        "His",
        "Majesty's",
        "British",
        "Government",
        "Local",
        "National",
        "Regional",
        "New",
        "Central",
        "Annual",
        "Interim",
        "Final",
        "Draft",
        "Current",
        "Existing",
        "Future",
        "Previous",
        "Relevant",
        "Independent",
        "Public",
        "Private",
        "Statutory",
        "Department",
        "Departmental",
        "Ministerial",
        "Parliamentary",
        "Select",
        "Joint",
        "Special",
        "Senior",
        "Chief",
        "Deputy",
        "Principal",
        "Permanent",
        "Executive",
        "Main",
        "Key",
        "Overall",
        "Wider",
        "Whole",
        "Own",
        "Same",
        "Different",
        "Various",
        "Relevant",
        "Appropriate",
        "Individual",
        "Internal",
        "External",
        "Home",
        "First",
        "Second",
        "Third",
        "Fourth",
        "Fifth",
        "Next",
        "Last",
        "Other",
        "Further",
        "Full",
        "Formal",
        "Informal",
        "Initial",
        "Original",
        "Specific",
        "Separate",
        "Single",
        "Multiple",
        "Several",
        "Dedicated",
        "Proposed",
        "Planned",
        "Recent",
        "Latest",
        "Updated",
        "Revised",
        "Full",
        "Emergency",
        "Minister",
        "Ministers",
        "Secretary",
        "State",
        "Members",
        "Member",
        "MPs",
        "Lords",
        "Commons",
        "Spending",
        "Judicial",
        "Budget",
        "Autumn",
        "Spring",
        "Comprehensive",
        "English",
        "Welsh",
        "Scottish",
        "Irish",
        "Devolved",
        "Cross",
        "Cross-Government",
        "Government's",
        "Department's",
        "Council's",
        "Coalition",
        "Labour",
        "Conservative",
        "Tory",
        "Opposition",
        "Treasury",
        "Cabinet",
        "Prime",
        "Chancellor",
        "Crown",
        "Royal",
        "County",
        "District",
        "City",
        "Town",
        "Parish",
        "Unitary",
        "Metropolitan",
        "Borough",
        "Police",
        "Court",
        "Courts",
        "Magistrates",
        "Magistrates'",
        "Family",
        "Civil",
        "Criminal",
        "Youth",
        "High",
        "Supreme",
        "Appeal",
        "Appeals",
    ]
)
# Government alone, with generic modifiers, is the UK government (not an entity); other modifiers make it a
# foreign or devolved government ("Welsh Government", "Government of Bahrain").
NOT_NAMES = frozenset(
    {
        "Spending Review",
        "Judicial Review",
        "Budget",
        "Autumn Statement",
        "Spring Budget",
        "Official Report",
        "Head Office",
    }
)
_ROLES = re.compile(r"\bCrime Commissioner|\bHigh Commissioner|\bCommissioner for\b|\bChief Executive")
# Lower-case heads that still end a name when capitalised words precede them ("National Flagship programme").
LOWER_HEADS = {
    "programme": "Programme",
    "scheme": "Scheme",
    "fund": "Fund",
    "strategy": "Strategy",
    "initiative": "Programme",
    "pilot": "Programme",
    "campaign": "Campaign",
    "helpline": "Helpline",
    "service": "Service",
    "standard": "Standard",
    "tool": "Programme",
}
# Lower-case heads that name a thing only after a clearly proper name: two capitalised words or an
# abbreviation ("International Markets service", "Decent Homes standard"), never one ordinary word
# ("the Management scheme", "a Probation service").
_STRICT_LOWER = frozenset(["service", "standard", "tool"])
# Fields of work that make a capitalised description before a lower-case head, not a name ("Mental Health
# service", "SEND service").
_TOPICS = frozenset(
    [
        "Mental",
        "Health",
        "Social",
        "Care",
        "Education",
        "SEND",
        "SEN",
        "Housing",
        "Adult",
        "Adults",
        "Youth",
        "Probation",
        "Prison",
        "Maternity",
        "Dental",
        "GP",
        "Community",
        "Children's",
        "Early",
        "Years",
        "Support",
    ]
)
_KEEP_GENERIC = {
    "Welsh Government",
    "Scottish Government",
    "Crown Court",
    "High Court",
    "Supreme Court",
    "County Court",
    "Family Court",
    "Youth Court",
    "Magistrates' Court",
    "Magistrates Court",
    "Court of Appeal",
    "Royal Navy",
    "Royal Mail",
    "Treasury",
}

# Capitalised kinds of document, agreement or arrangement, not the name of one ("an Impact Assessment", "this
# Pension Scheme", "the Command Paper", "the Major Road Network").
GENERIC_KINDS = frozenset(
    {
        "Impact Assessment",
        "Equality Impact Assessment",
        "Risk Assessment",
        "Rapid Risk Assessment",
        "Needs Assessment",
        "Pension Scheme",
        "Project Report",
        "Progress Report",
        "Command Paper",
        "Policy Paper",
        "Discussion Paper",
        "Position Paper",
        "Design Guide",
        "Block Grant",
        "Health Services",
        "Bus Services",
        "Social Services",
        "Adult Social Services",
        "Defined Benefit",
        "Defined Contribution",
        "Guarantee Agreement",
        "Framework Agreement",
        "Funding Agreement",
        "Grant Agreement",
        "Loan Agreement",
        "Data Sharing Agreement",
        "Service Level Agreement",
        "Free Trade Agreement",
        "Periodic Review",
        "Business Case",
        "Business Plan",
        "Delivery Plan",
        "Action Plan",
        "Implementation Plan",
        "Operating Model",
        "Pilot Scheme",
    }
)
# Infrastructure named by its kind: a road or rail network is neither a body nor a programme.
_NETWORK_KINDS = frozenset(
    ["Road", "Rail", "Railway", "Motorway", "Cycle", "Cycling", "Walking", "Bus", "Tram", "Heat"]
)
# "Report of Findings", "Review of Progress": a head continued by generic nouns is a description.
_GENERIC_CONT = frozenset(
    ["Findings", "Conclusions", "Recommendation", "Recommendations", "Progress", "Evidence", "Activities", "Outcomes"]
)
_ROLE_BEFORE = re.compile(
    r"\b(?:Secretary[ ]+of[ ]+State|Minister(?:[ ]+of[ ]+State)?|Director(?:[ ]+General)?|Head|Chief[ ]+Executive"
    r"|Shadow[ ]+Secretary)[ ]+(?:of|for)[ ]+(?:the[ ]+)?$"
)


def network_kind(label: str) -> bool:
    """Infrastructure named by its kind ("Major Road Network", "Strategic Road Network")."""
    words = label.split()
    return (
        len(words) >= 2 and words[-1].rstrip("s") in ("Network", "network") and words[-2].capitalize() in _NETWORK_KINDS
    )


def _generic_kind(label: str, mods: list[str], cont: list[str]) -> bool:
    """A kind of thing written with capitals rather than the name of one."""
    single = label[:-1] if label.endswith("s") and not label.endswith("ss") else label
    if label in GENERIC_KINDS or single in GENERIC_KINDS:
        return True
    if network_kind(label):
        return True
    return not mods and bool(cont) and cont[0] in _GENERIC_CONT


_CAP = r"(?:[A-Z][\w'\-]*|\d{1,3}-(?:Year|Point|Step|Week|Day|Minute|Mile)s?\b|\d{1,4}(?:[-\u2013/]\d{2,4})?)"
_PHRASE = re.compile(
    rf"{_CAP}(?:(?:,?[ ]+|:[ ]+|[ ]+(?:of|for|and|&|on|in|into|to|with|the|de|la)(?:[ ]+the)?[ ]+){_CAP})*"
)
_TOK = re.compile(r"[A-Za-z0-9][\w'\-\u2013/]*|&")


def head_of(word: str) -> tuple[str, str] | None:
    """The (type, class) a head word gives its name, for singular and plural heads."""
    hit = HEADS.get(word)
    if hit is None and word.endswith("s") and len(word) > 3:
        hit = HEADS.get(word[:-1]) or (HEADS.get(word[:-2]) if word.endswith("es") else None)
    return hit


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _is_word(word: str) -> bool:
    return word[:1].isupper() and word not in LEADING


# Possessives that belong inside a name ("Older People's Housing Taskforce", "Police Chiefs' Council"): a
# group of people, not a body's or a place's possessive ("the Council's Local Plan", "Scotland's Strategy").
_GROUP_POSSESSIVE = frozenset(["People's", "Children's", "Women's", "Men's", "Persons'"])


def _inner_possessive(word: str) -> bool:
    """A plural (group) possessive that can sit inside a name, unlike a body's or a head word's."""
    if word in _GROUP_POSSESSIVE:
        return True
    if not word.endswith("s'") or len(word) < 5:
        return False
    bare = word[:-1]
    return head_of(bare) is None and bare not in GENERIC and sum(c.isupper() for c in bare) == 1


def _spaces(text: str, a: int, b: int) -> bool:
    return text[a:b].strip(" ") == ""


# Nouns that relate a person or amount to a named thing: "Receipt of Childcare Allowance", "Claimants of ...".
_RELATIONAL = frozenset(
    [
        "Receipt",
        "Recipient",
        "Claimant",
        "Part",
        "Use",
        "Level",
        "Rate",
        "Value",
        "Amount",
        "Number",
        "Uptake",
        "Review",
        "Impact",
        "Evaluation",
        "Delivery",
        "Proportion",
        "Award",
        "Eligibility",
        "Extension",
        "Expansion",
    ]
)
_COUNTED = re.compile(r"\d{1,3}(?:[- ](?:Year|Point|Step|Week|Day|Minute|Mile)s?)(?:[ ]\S+)?")
_COMMA = re.compile(r",[ ]+")


def _comma_list(text: str, toks: list, words: list[str], i: int, h: int) -> int:
    """Extend a name's left edge over a comma list of single words ("Education, Health and Care Plan").

    Only when the name already opens with "Word and ..." and each listed item is one capitalised word that is
    neither a head nor a sentence opener; when a longer run precedes the list ("Greater Manchester, Health
    and Care Plan"), the list is not part of the name and the edge stays.
    """
    if not (i + 1 < h and words[i + 1] in ("and", "&")):
        return i
    j = i
    while j > 0 and _COMMA.fullmatch(text, toks[j - 1][2], toks[j][1]):
        prev = words[j - 1]
        if not prev[:1].isupper() or prev in LEADING or head_of(prev) or prev.endswith(("'s", "'")):
            break
        j -= 1
    if j == i:
        return i
    if j > 0 and _spaces(text, toks[j - 1][2], toks[j][1]) and words[j - 1][:1].isupper():
        return i
    return j


_TITLE_JOIN = frozenset(["to", "for", "of", "and", "&", "the", "in", "on"])
_COLON = re.compile(r":[ ]+")


def _colon_title(text: str, toks: list, words: list[str], i: int, h: int) -> int:
    """Extend a programme's left edge over a title before a colon ("Help to Grow: Management Scheme").

    The part before the colon must itself read as a title: at least two capitalised words (connectors between
    them allowed), the first not a sentence opener, and no head word of its own (then it is a name by itself).
    """
    if i == 0 or i >= h or not _COLON.fullmatch(text, toks[i - 1][2], toks[i][1]):
        return i
    right = " ".join(words[i : h + 1])
    if right in GENERIC_KINDS or right.rstrip("s") in GENERIC_KINDS:
        return i
    j = i - 1
    if not _is_word(words[j]):
        return i
    while (
        j > 0
        and _spaces(text, toks[j - 1][2], toks[j][1])
        and (words[j - 1][:1].isupper() or words[j - 1] in _TITLE_JOIN)
    ):
        j -= 1
    if j > 0 and (words[j - 1][:1].isdigit() or words[j] in ("on", "of")):
        return i  # "... to Question 4147 on Prisons: Health Services" is a question's heading
    while j < i - 1 and (words[j] in LEADING or words[j] in _TITLE_JOIN):
        j += 1
    left = words[j:i]
    caps = [w for w in left if _is_cap(w)]
    if len(caps) < 2 or not _is_word(left[0]) or any(head_of(w) for w in caps) or left[-1] in _TITLE_JOIN:
        return i
    return j


def _proper_before(mods: list[str], *, strict: bool) -> bool:
    """The words before a lower-case head make a proper name: an abbreviation, or (strict) two capitalised
    words that are not all generic; one ordinary capitalised word is enough only for the looser heads."""
    caps = [w for w in mods if _is_cap(w)]
    if any(is_acronym(w) and w not in _TOPICS for w in caps):
        return True
    if len(caps) >= 2 and not all(w in GENERIC or (strict and w in _TOPICS) for w in caps):
        return True
    return not strict and len(caps) == 1 and caps[0] not in GENERIC


def shape_candidates(doc_text: str, want: str, extractor: str) -> list[Candidate]:
    """Candidates of type ``want`` (Body or Programme) for every head-word name in ``doc_text``."""
    out: list[Candidate] = []
    for m in _PHRASE.finditer(doc_text):
        phrase = m.group()
        if " " not in phrase:
            continue
        base = m.start()
        toks = [(t.group(), base + t.start(), base + t.end()) for t in _TOK.finditer(phrase)]
        # a lower-case head right after the run ("... Funding programme")
        tail = re.match(r"[ ]+([a-z]+)\b", doc_text[m.end() : m.end() + 16])
        if tail and want == "Programme" and tail.group(1) in LOWER_HEADS:
            toks.append((tail.group(1), m.end() + tail.start(1), m.end() + tail.end(1)))
        words = [t[0] for t in toks]
        for h, word in enumerate(words):
            got = head_of(word)
            if word in LOWER_HEADS and h == len(words) - 1 and h > 0:
                got = ("Programme", LOWER_HEADS[word])
            elif got is None or not _is_cap(word):
                continue
            if got[0] != want:
                continue
            nxt = words[h + 1] if h + 1 < len(words) else None
            end_i = h
            if nxt is not None and nxt[:1].isdigit() and _spaces(doc_text, toks[h][2], toks[h + 1][1]):
                end_i = h + 1  # "Digital Strategy 2022-25", "Annual Report 2022-23"
                nxt = words[h + 2] if h + 2 < len(words) else None
            elif nxt is not None and _is_cap(nxt) and _spaces(doc_text, toks[h][2], toks[h + 1][1]):
                continue  # not the last word of its name ("Police" in "Police Taskforce")
            # left: the capitalised words right before the head, joined by spaces or "and"
            i = h
            crossed = False
            while i > 0:
                prev = words[i - 1]
                if not _spaces(doc_text, toks[i - 1][2], toks[i][1]):
                    break
                if _is_cap(prev) and (not prev.endswith(("'s", "'")) or _inner_possessive(prev)):
                    i -= 1
                elif (
                    prev in ("and", "&")
                    and i >= 2
                    and _is_cap(words[i - 2])
                    and head_of(words[i - 2]) is None
                    and words[i - 2] not in LEADING
                    and _spaces(doc_text, toks[i - 2][2], toks[i - 1][1])
                ):
                    i -= 2
                elif (
                    want == "Programme"
                    and not crossed
                    and prev in ("for", "to", "of")
                    and word not in ("Service", "Services", "Line")
                    and i >= 2
                    and (prev == "for" or i == h - 1)
                    and not (prev == "of" and (words[i - 2].endswith("s") or words[i - 2] in _RELATIONAL))
                    and "and" not in words[i:h]  # "Case for Change and Strategic Framework": two titles
                    and gazetteer().lookup(" ".join(words[i : h + 1])) is None
                    and words[i - 2][:1].isupper()
                    and words[i - 2] not in LEADING
                    and words[i - 2] not in GENERIC
                    and head_of(words[i - 2]) is None
                    and not words[i - 2].endswith(("'s", "'"))
                    and _spaces(doc_text, toks[i - 2][2], toks[i - 1][1])
                ):
                    # "Homes for Ukraine Scheme", "Help to Buy Scheme", "Cost of Living Payment"; one word before
                    # the connector ("Migration Notices to Housing Benefit" is not a name)
                    if i >= 3 and _is_word(words[i - 3]) and _spaces(doc_text, toks[i - 3][2], toks[i - 2][1]):
                        break
                    crossed = True
                    i -= 2
                else:
                    break
            i = _comma_list(doc_text, toks, words, i, h)
            if want == "Programme":
                i = _colon_title(doc_text, toks, words, i, h)
            while i < h and (words[i] in LEADING or words[i] in ("and", "&") or words[i][:1].isdigit()):
                if _COUNTED.fullmatch(" ".join(words[i : i + 2])):
                    break  # "10 Year Health Plan", "25-Year Environment Plan"
                i += 1
            mods = words[i:h]
            # continuation: "of"/"into"/"on" (and "for" for bodies) [the] Capitalised ...
            conts = CONTINUES if want == "Body" else CONTINUES - {"for"}
            if nxt in conts and end_i == h:
                j = h + 2 if h + 2 < len(words) and words[h + 2] != "the" else h + 3
                if j < len(words) and _is_word(words[j]):
                    end_i = j
                    k = j + 1
                    while k < len(words) and not words[end_i].endswith(("'s", "'")):
                        w = words[k]
                        if _is_word(w):
                            end_i = k
                        elif w in ("and", "&"):
                            run = k + 1
                            while run < len(words) and _is_cap(words[run]):
                                run += 1
                            if any(head_of(x) for x in words[k + 1 : run]):
                                break  # "... and Another Body": a second name starts
                        elif w not in ("of", "the", "for", "in", "on"):
                            break
                        k += 1
            if not mods and end_i == h:
                continue
            lower_head = not _is_cap(word)
            if lower_head and not _proper_before(mods, strict=word in _STRICT_LOWER):
                continue
            stop = toks[end_i][2]
            if words[end_i].endswith("'s"):
                stop -= 2
            text_label = doc_text[toks[i][1] : stop]
            label = re.sub(r"\s+", " ", text_label).rstrip(":,")
            if label in NOT_NAMES or any(label.endswith(" " + x) for x in NOT_NAMES) or _ROLES.search(label):
                continue
            if end_i == h and label not in _KEEP_GENERIC and all(w in GENERIC or w.isdigit() for w in mods):
                continue
            if _generic_kind(label, mods, words[h + 2 : end_i + 1] if end_i > h else []):
                continue
            if _ROLE_BEFORE.search(doc_text, max(0, toks[i][1] - 60), toks[i][1]):
                continue  # "Secretary of State for Housing, ... Local Government", "Director of Adult Social Services"
            type_, cls = got
            if (
                cls == "Body"
                and word == "Council"
                and any(w in ("County", "Borough", "District", "City", "Metropolitan", "Town", "Parish") for w in mods)
            ):
                cls = "LocalAuthority"
            # "Help to Grow: Management scheme" is also written without its lower-case head
            alts = (label.rsplit(" ", 1)[0],) if lower_head else ()
            out.append(Candidate(toks[i][1], stop, type_, cls, label, extractor, alt_labels=alts))
    return out
