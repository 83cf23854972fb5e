"""Organisation names as the Written Questions API gives them (``answeringBodyName``), resolved to entities.

Why here: the answering body of a question and a body an answer names must be one node, so an API name has to
land on exactly the Entity the body extractor gives the same organisation in a text. The API uses a few short
forms no text-derived gazetteer name matches ("Treasury", "Attorney General", "Prime Minister"); those are
mapped to the organisation's reference name, and everything else goes through the extractor itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kgraph.extract.model import Entity

# API short form -> the organisation's name in the reference data. "Women and Equalities" is the minister's
# brief; the office that supports it is now the Office for Equality and Opportunity.
API_NAMES: dict[str, str] = {
    "treasury": "HM Treasury",
    "attorney general": "Attorney General's Office",
    "prime minister": "Prime Minister's Office, 10 Downing Street",
    "leader of the house": "Office of the Leader of the House of Commons",
    "leader of the house of lords": "Office of the Leader of the House of Lords",
    "advocate general for scotland": "Office of the Advocate General for Scotland",
    "women and equalities": "Office for Equality and Opportunity",
}


@lru_cache(maxsize=1024)
def resolve_body_name(name: str) -> Entity | None:
    """The Entity of the organisation called exactly ``name``, or None when no reference or name shape knows it.

    The name is read as a text of its own: when one body mention covers all of it, that mention's entity is
    the answer, so the API's "Home Office" and an answer's "the Home Office" share a key.
    """
    from kgraph.extract import extract_mentions  # the package imports this module

    clean = re.sub(r"\s+", " ", name or "").strip()
    if not clean:
        return None
    clean = API_NAMES.get(clean.casefold().removeprefix("the "), clean)
    mentions = [m for m in extract_mentions(clean, role="answer") if m.entity.type == "Body"]
    whole = [m for m in mentions if m.start == 0 and m.end == len(clean)]
    return whole[0].entity if whole else None
