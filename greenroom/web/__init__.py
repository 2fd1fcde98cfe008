"""The web studio: browse, search and review a library in the browser.

`greenroom serve` runs `create_app(library_path)` (see `app.py`) under uvicorn.
The web stack (fastapi, uvicorn, jinja2) is the `web` extra; nothing outside this
package imports it, so `greenroom --help` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(library_path: Any, **options: Any) -> FastAPI:
    """The studio app over a library file (see `greenroom.web.app.create_app`)."""
    from greenroom.web.app import create_app as create

    return create(library_path, **options)
