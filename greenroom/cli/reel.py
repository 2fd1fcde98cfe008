"""The `render` command: clips, reels, vertical cuts and audiograms from a cut list.

Importing this module registers it on `greenroom.cli.main.cli`; heavy modules are
imported inside the command so `greenroom --help` stays light.
"""

from __future__ import annotations
