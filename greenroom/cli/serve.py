"""The `serve` command: the web studio over a library. Importing this module
registers it; the web stack loads only when the command runs."""

from __future__ import annotations

import click

from greenroom.cli.main import CONTEXT, cli, extra_needed, open_library, out


@cli.command("serve", context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any but loopback needs accounts (`greenroom users add`).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--library", "library_path", type=click.Path(dir_okay=False),
              help="Library file (overrides the global --library).")
@click.option("--secure-cookies/--no-secure-cookies", default=None,
              help="Mark the session cookie Secure (default: on unless serving on loopback; "
                   "needs TLS in front, e.g. a reverse proxy).")
@click.pass_context
def serve_cmd(ctx: click.Context, host: str, port: int, library_path: str | None,
              secure_cookies: bool | None) -> None:
    """Run the web studio: browse, search and review interviews in the browser.

    On 127.0.0.1 with no accounts it runs open for this machine's user; on any
    other address it refuses to start until an account exists.

    \b
    Example:
      greenroom serve
      greenroom users add ana --role admin && greenroom serve --host 0.0.0.0 --port 8080
    """
    if library_path:
        ctx.obj["library"] = library_path
    library = open_library(ctx)
    with extra_needed("the web studio", "web"):
        import uvicorn

        from greenroom.web.app import check_host, create_app
    check_host(library, host)
    app = create_app(library.path, host=host, secure_cookies=secure_cookies)
    shown = f"[{host}]" if ":" in host else host
    out(f"greenroom studio on http://{shown}:{port}/ (library {library.path}; Ctrl-C stops it)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
