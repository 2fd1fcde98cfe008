"""Moved to `greenroom.text.grammar` (whole sentences and nouns, from spaCy's parse).

Kept only for analyze/chapters.py until it imports `greenroom.text.grammar`.
"""

from greenroom.text.grammar import nouns, whole_sentences

__all__ = ["nouns", "whole_sentences"]
