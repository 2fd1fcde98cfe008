"""Moved to `greenroom.text.english` (the shared English spaCy pipeline).

Kept only for analyze/privacy.py until it imports `greenroom.text.english`.
"""

from greenroom.text.english import SPACY_MODEL, load_spacy, without_torch

__all__ = ["SPACY_MODEL", "load_spacy", "without_torch"]
