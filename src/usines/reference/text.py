"""Text normalisation shared by the reference data builder, loader and search."""

import re
import unicodedata

_SAINT = re.compile(r"\b(st|ste)\b")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise(name: str) -> str:
    """Lower-case, strip accents, and turn every run of punctuation into one space.

    "Saint-Étienne", "ST ETIENNE" and "st étienne" all give "saint etienne".
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    text = text.replace("œ", "oe").replace("æ", "ae")
    text = _NON_ALNUM.sub(" ", text).strip()
    text = _SAINT.sub(lambda match: "saint" if match.group(1) == "st" else "sainte", text)
    return text
