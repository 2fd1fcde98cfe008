"""The edit stage: a highlight reel chosen, handed to editors, and rendered.

`select` picks cuts to fill a time budget, `editlists` writes them as EDL /
FCPXML / OTIO and per-clip captions, `relink` points an interview at its moved
media, and the render modules make clips and reels from the cut list. Modules
are imported by name, so nothing heavy loads with the package.
"""
