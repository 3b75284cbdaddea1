"""One normal form for place names, shared by the gazetteer build and every lookup."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

MAX_NAME_CHARS = 200
# Bump when the normal form changes: cached gazetteers are then rebuilt.
NORMALIZER_VERSION = "2"

_APOSTROPHES = re.compile(r"['’ʼ‘`´ʹʻ]")
_DOTS = re.compile(r"(?<=\w)\.(?=\w|\s|$)")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_INITIALISM = re.compile(r"\b(?:[a-z] )+[a-z]\b")


def normalize_name(text: str) -> str:
    """Lower-case ASCII form: transliterated, apostrophes and dots dropped, other punctuation
    and control characters turned into single spaces. "Kharkivs’ka Oblast’" -> "kharkivska oblast",
    "Харків" -> "kharkiv", "U.S." and "U. S." -> "us". Empty for input with no letters or digits."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text[: MAX_NAME_CHARS * 4])
    text = anyascii(text).lower()
    text = _APOSTROPHES.sub("", text)
    text = _DOTS.sub("", text)
    text = _NON_WORD.sub(" ", text).strip()
    text = _INITIALISM.sub(lambda m: m.group(0).replace(" ", ""), text)
    return text[:MAX_NAME_CHARS]
