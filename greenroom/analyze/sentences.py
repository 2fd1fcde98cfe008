"""Moved to `greenroom.text.sentences` (the one sentence splitter and word tokenizer).

Kept only for the importers that other work is moving (analyze/turns.py, edit/captions.py,
greenroom/policy.py); import `greenroom.text.sentences` in new code.
"""

from greenroom.text.sentences import BRACKETS, TOKEN, split_spans, timed_spans

__all__ = ["BRACKETS", "TOKEN", "split_spans", "timed_spans"]
