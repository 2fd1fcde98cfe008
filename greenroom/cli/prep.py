"""Commands of the prep stage: prep (dossier to question plan) and lint-questions.

Importing this module registers its commands on `greenroom.cli.main.cli`; heavy
modules are imported inside the commands so `greenroom --help` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from greenroom.cli.judge import judge_options
from greenroom.cli.main import CONTEXT, cli, emit_json, extra_needed, open_library, out

if TYPE_CHECKING:
    from greenroom.library import Library
    from greenroom.prep.lint import Linted, Rewriter


def library_if_any(ctx: click.Context) -> Library | None:
    """The library, or None when there is no library file yet (prep works without one)."""
    from pathlib import Path

    from greenroom.library import default_path

    path = ctx.obj.get("library") or default_path()
    return open_library(ctx, create=False) if Path(path).exists() else None


@cli.command("prep", context_settings=CONTEXT)
@click.argument("dossier", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the plan here (atomically): .md, .html or .pdf. Default: Markdown on stdout.")
@click.option("--minutes", type=click.IntRange(6, 600), help="Time available (default: the dossier's, else 20).")
@click.option("--llm", "llm_url", metavar="URL", help="An OpenAI-compatible server (/v1/chat/completions) to "
              "draft questions; the linter checks every draft. Unreachable: offline templates.")
@click.option("--llm-model", default="default", show_default=True, help="Model name sent to the server.")
@click.option("--llm-timeout", default=30.0, show_default=True, type=click.FloatRange(0.1, 600),
              help="Seconds to wait for the server.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON for scripts.")
@click.pass_context
def prep_cmd(ctx: click.Context, dossier: str, output: str | None, minutes: int | None, llm_url: str | None,
             llm_model: str, llm_timeout: float, as_json: bool) -> None:
    """Plan an interview from a dossier: a timed run sheet of questions plus homework.

    The dossier (YAML, or Markdown as journalists write it: a title, `guest:`,
    `role:`, `project:` and `time:` lines, then headings such as Background, Angle,
    Questions I want to ask, Already covered, Off limits) names the guest and the
    project, and may add key facts, an angle, your own questions, what other
    interviews covered, topics to avoid and the time available; see
    `greenroom/sample/dossier.yaml`. Your questions come first; the rest cover craft,
    process, experience, the personal side and career, pass the question linter, and
    skip what the library shows the guest was already asked.

    \b
    Example:
      greenroom prep dossier.yaml -o plan.pdf
      greenroom prep dossier.md --minutes 30 --llm http://localhost:8080
    """
    from greenroom.prep import PlanOptions, prepare
    from greenroom.prep.runsheet import markdown, save

    drafter = None
    if llm_url:
        from greenroom.prep.llm import ChatDrafter

        drafter = ChatDrafter(llm_url, llm_model, llm_timeout)
    with extra_needed("dossiers and run sheets", "publish"):
        import fpdf
        import yaml
    with extra_needed("the already-asked check", "analyze"):
        plan = prepare(dossier, library_if_any(ctx), PlanOptions(minutes=minutes), drafter)
    for warning in plan.dossier.warnings:
        click.echo(f"greenroom: warning: {warning}", err=True)
    if plan.fallback:
        click.echo(f"greenroom: note: {plan.fallback}", err=True)
    if output:
        out(f"wrote {save(plan, output)}")
    elif as_json:
        emit_json(plan.to_dict())
    else:
        click.echo(markdown(plan), nl=False)


@cli.command("lint-questions", context_settings=CONTEXT)
@click.argument("questions", type=click.Path(dir_okay=False))
@click.option("--dossier", type=click.Path(dir_okay=False),
              help="Also flag the dossier's topics to avoid, and look for repeats in its guest's interviews.")
@click.option("--guest", metavar="NAME", help="Look for repeats in this guest's past interviews (default: the "
              "dossier's guest). Without a guest, already-answered is not checked.")
@click.option("--llm", "llm_url", metavar="URL", help="An OpenAI-compatible server (/v1/chat/completions) to "
              "reword flagged questions; a wording is kept only if it passes the linter. Default: templates.")
@click.option("--llm-model", default="default", show_default=True, help="Model name sent to the server.")
@click.option("--llm-timeout", default=30.0, show_default=True, type=click.FloatRange(0.1, 600),
              help="Seconds to wait for the server.")
@click.option("--json", "as_json", is_flag=True, help="Print one entry per question as JSON.")
@judge_options
@click.pass_context
def lint_questions_cmd(ctx: click.Context, questions: str, dossier: str | None, guest: str | None,
                       llm_url: str | None, llm_model: str, llm_timeout: float, as_json: bool,
                       **judging: Any) -> None:
    """Check planned questions, one per line: generic, closed, leading, double-barreled,
    too long, intrusive, or already answered in one of the guest's past interviews.

    Every flag says why and suggests a rewrite: a template's, or a text model's (--llm or a
    --judge option) where it passes the linter. Exit code 0 either way: flags are advice.
    The guest's past questions are embedded once and kept beside the library
    (LIBRARY-lint-index.sqlite), so later runs take seconds.

    \b
    Example:
      greenroom lint-questions questions.txt --guest "Tom Hale"
      greenroom lint-questions questions.txt --dossier dossier.yaml --json
    """
    from rich.console import Console

    from greenroom.prep import lint_questions

    rewriter = text_model(llm_url, llm_model, llm_timeout, judging)
    with extra_needed("the already-asked check", "analyze"):
        if dossier:
            with extra_needed("dossiers", "publish"):
                import yaml  # noqa: F401  (the dossier reader needs it: say which extra, not ImportError)
        with Console(stderr=True).status("Linting (the first check against a guest indexes their past questions)..."):
            report = lint_questions(questions, library_if_any(ctx), dossier, guest=guest, rewriter=rewriter)
    if report.note:
        click.echo(f"greenroom: note: {report.note}", err=True)
    if as_json:
        emit_json([item.to_dict() for item in report.linted])
    else:
        lint_table(report.linted)


def text_model(llm_url: str | None, llm_model: str, llm_timeout: float, judging: dict[str, Any]) -> Rewriter | None:
    """What rewords flagged questions: the --llm server, else the judge's model, else None
    (templates)."""
    from greenroom.cli.judge import judge_from

    judge = judge_from(judging)
    if llm_url and judge is not None:
        raise click.UsageError("name one text model: --llm or a --judge option, not both")
    if llm_url:
        from greenroom.prep.llm import ChatDrafter

        return ChatDrafter(llm_url, llm_model, llm_timeout)
    if judge is not None:
        from greenroom.prep.llm import JudgeRewriter

        return JudgeRewriter(judge)
    return None


def lint_table(linted: list[Linted]) -> None:
    """A rich table: each question, then one row per flag with its reason and rewrite."""
    from rich.markup import escape
    from rich.table import Table

    from greenroom.cli.render import console

    table = Table(title=f"{len(linted)} questions, {sum(1 for i in linted if i.flags)} flagged",
                  title_justify="left", show_lines=True)
    for column in ("#", "question", "flag", "why", "try instead"):
        table.add_column(column, overflow="fold")
    for n, item in enumerate(linted, start=1):
        if not item.flags:
            table.add_row(str(n), escape(item.question), "[green]ok[/green]", "", "")
        for k, flag in enumerate(item.flags):
            table.add_row(str(n) if k == 0 else "", escape(item.question) if k == 0 else "",
                          f"[yellow]{flag.kind}[/yellow]", escape(flag.message), escape(flag.rewrite))
    console().print(table)
