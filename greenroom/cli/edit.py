"""Commands of the edit stage: highlights, render, relink (edit lists live in `export`).

Importing this module registers its commands on `greenroom.cli.main.cli`; heavy
modules are imported inside the commands so `greenroom --help` stays light.
"""

from __future__ import annotations
