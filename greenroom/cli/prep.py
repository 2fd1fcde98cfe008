"""Commands of the prep stage: prep (dossier to question plan) and lint-questions.

Importing this module registers its commands on `greenroom.cli.main.cli`; heavy
modules are imported inside the commands so `greenroom --help` stays light.
"""

from __future__ import annotations
