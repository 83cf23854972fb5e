"""A deliberately simple HTML-to-text for the benchmarks: tags stripped, paragraphs and breaks as blank lines,
entities unescaped. The builder has its own converter; this one only has to be close enough to measure.
"""

from __future__ import annotations

import html
import re

_BLOCK = re.compile(r"(?i)<\s*/?\s*(?:p|div|br|li|ul|ol|tr|table|h\d|blockquote)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")


def html_to_text(markup: str) -> str:
    """Plain text with paragraphs separated by blank lines."""
    text = _TAG.sub("", _BLOCK.sub("\n\n", markup or ""))
    text = html.unescape(text).replace("\u00a0", " ")
    paras = [re.sub(r"[ \t]+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)
