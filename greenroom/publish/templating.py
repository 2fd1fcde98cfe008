"""The publishing templates: one Jinja2 environment over `publish/templates/`, where
`base.html` is the layout every published page shares (the report, the guide and
the site's pages).

Autoescaping is on for every template, so any text that came from an interview is
escaped wherever it lands; only markup the code itself made (a style sheet, an SVG
drawn from numbers) is passed in as `Markup`. Templates are read from the package,
so publishing needs no network and no build step, and the same input renders the
same bytes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from greenroom import timecode

HERE = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE), autoescape=select_autoescape(default=True,
                      default_for_string=True), undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["clock"] = timecode.clock
    return env


def render(name: str, **context: Any) -> str:
    """Template `name` filled with `context`."""
    return environment().get_template(name).render(**context)
