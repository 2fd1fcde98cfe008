"""Capture: turn what people have (captions, transcripts; later media) into Interviews."""

from greenroom.capture.imports import ImportOptions, import_file
from greenroom.capture.roles import assign_roles

__all__ = ["ImportOptions", "import_file", "assign_roles"]
