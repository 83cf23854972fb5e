"""Shared pieces of the shapes of names: capitalised words, connectors, and the words that open a sentence.

A name in these texts is a run of capitalised words, possibly joined by lower-case connectors ("Crime and
Policing Bill", "Independent Inquiry into Child Sexual Abuse"). A capitalised word that only opens a sentence
or is a determiner ("The", "This", "Through") is not part of a name, so it is stripped from the front.
"""

from __future__ import annotations

import re

# A capitalised word (Title, ACRONYM, Hyphen-Word, possessive) or a year-like number.
CAPW = r"(?:[A-Z][\w'\-]*|\d{4}(?:[-\u2013/]\d{2,4})?)"
# A parenthesised qualifier inside a law's name: "(Amendment)", "(Scotland)", "(No. 2)".
PAREN = r"\((?:[A-Z][\w'\-]*|No\.)(?:[A-Z][\w'\-]*|No\.|\d+|of|and|the|for|on|in|to|from|with|&|[ ,])*\)"
CONN = r"(?:of|for|and|&|on|in|into|to|the|with|from|by|under|at|upon)"

LEADING = frozenset(
    [
        "The",
        "This",
        "That",
        "These",
        "Those",
        "A",
        "An",
        "Our",
        "Its",
        "Their",
        "His",
        "Her",
        "My",
        "Your",
        "In",
        "On",
        "At",
        "For",
        "From",
        "Through",
        "With",
        "Within",
        "Under",
        "Over",
        "As",
        "By",
        "To",
        "Of",
        "And",
        "But",
        "Or",
        "If",
        "When",
        "Where",
        "While",
        "Since",
        "After",
        "Before",
        "During",
        "Following",
        "Via",
        "Regarding",
        "All",
        "Any",
        "Each",
        "Every",
        "Some",
        "No",
        "Both",
        "Such",
        "Many",
        "Most",
        "Several",
        "Other",
        "Another",
        "Further",
        "Furthermore",
        "Additionally",
        "However",
        "Also",
        "Currently",
        "Today",
        "Yesterday",
        "Tomorrow",
        "Last",
        "Next",
        "We",
        "I",
        "It",
        "They",
        "He",
        "She",
        "You",
        "There",
        "Here",
        "Yes",
        "Whilst",
        "Although",
        "Though",
        "Because",
        "Unless",
        "Until",
        "Between",
        "Against",
        "Across",
        "About",
        "Around",
        "Beyond",
        "Including",
        "Alongside",
        "Overall",
        "Finally",
        "Separately",
        "Similarly",
        "Meanwhile",
        "Moreover",
        "Nevertheless",
        "Therefore",
        "Thus",
        "Indeed",
        "Instead",
        "Unfortunately",
        "Fortunately",
        "Recently",
        "Previously",
        "Historically",
        "Subsequently",
        "Despite",
        "Where",
        "What",
        "Which",
        "Who",
        "How",
        "Why",
        "Whether",
        "Once",
        "Then",
        "Now",
        "Please",
        "Information",
        "Details",
        "Data",
        "Figures",
        "Table",
        "Annex",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Dear",
        "Not",
        "Only",
        "Just",
        "Even",
        "Because",
        "Every",
    ]
)
LOWER_JOIN = frozenset(
    ["of", "for", "and", "&", "on", "in", "into", "to", "the", "with", "from", "by", "under", "at", "upon"]
)

WORD = re.compile(r"[A-Za-z0-9][\w'\-]*|&")


# Opening words that are also the first word of many names ("Data Protection Act 2018", "Information
# Commissioner's Office"): dropped only when no capitalised word follows them.
SOFT_LEADING = frozenset(["Data", "Information", "Details", "Figures"])


def strip_leading(words: list[str]) -> list[str]:
    """Drop sentence-opening and determiner words (and connectors left dangling) from the front of a name."""
    i = 0
    while i < len(words) and (words[i] in LEADING or words[i] in LOWER_JOIN):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if words[i] in SOFT_LEADING and nxt[:1].isupper() and nxt not in LEADING:
            break
        i += 1
    return words[i:]


def strip_the(label: str) -> str:
    """A label without a leading "the" (the guidelines leave it out of names)."""
    return label[4:] if label[:4].lower() == "the " else label


def is_acronym(word: str) -> bool:
    """An abbreviation: at least two capitals and no more than a few lower-case letters ("HMRC", "UKRI", "DfE")."""
    caps = sum(c.isupper() for c in word)
    return caps >= 2 and caps >= len(word) - caps - 1 and word[0].isupper()
