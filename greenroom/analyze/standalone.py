"""Moved to `greenroom.text.standalone` ("does this stand alone?", with its data in
text/data/standalone.toml).

Kept only for analyze/stories.py and analyze/ranker.py until they import it there.
"""

from greenroom.text.standalone import (
    clip_reasons,
    context_reasons,
    ending_reasons,
    frame_reasons,
    opens_inside_quotation,
    pointer_reasons,
    subordinate_only,
    unnamed_person,
    unnamed_reference,
)

__all__ = ["clip_reasons", "context_reasons", "ending_reasons", "frame_reasons", "opens_inside_quotation",
           "pointer_reasons", "subordinate_only", "unnamed_person", "unnamed_reference"]
