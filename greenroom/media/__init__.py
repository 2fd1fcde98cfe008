"""Media files at the edge: ffprobe/ffmpeg wrappers and audio decoding.

`probe` (no numpy) is re-exported here; decoding lives in `greenroom.media.audio`,
which imports numpy, so only capture code that really reads audio pays for it.
"""

from __future__ import annotations

from greenroom.media.probe import MediaInfo, probe, probe_audio

__all__ = ["MediaInfo", "probe", "probe_audio"]
