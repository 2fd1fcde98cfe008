"""A bounded load test of the studio: `greenroom serve` in its own process on
loopback, and from this process N concurrent clients for S seconds, each
searching and opening interview pages and their JSON twins in turn.

Reports requests per second, p50/p95 latency and errors (the target is zero),
overall and per kind of request, and the server's CPU seconds beside the wall
time (the machine is often shared). The library is the project's own sample
(spoken and analyzed) plus the typed sample transcript, built in a temporary
folder; with --long HOURS it also holds bench/web_page.py's long interview (corpus
talk end to end, with a silent media file), whose page every client opens in turn.
With --baseline DIR (a checkout holding greenroom/) that code's studio is tested
first, the same way on a fresh library, and the table shows both side by side.

    .venv/bin/python bench/web_load.py [--clients 20] [--seconds 30] [--long 3.5] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
QUERIES = ["terrified", "script", "lighthouse", "\"first time\"", "row*", "storm night", "nervous before shooting"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_library(folder: Path, long_hours: float) -> tuple[list[str], str | None]:
    """The sample library; with `long_hours`, plus the long interview (its id second)."""
    sys.path.insert(0, str(REPO / "tests"))
    sys.path.insert(0, str(REPO / "bench"))
    from test_web_fixtures import build_studio_db

    from greenroom.library import Library
    from greenroom.sample import make_sample

    files = make_sample(folder)
    ids = list(build_studio_db(files.reference, files.audio, folder / "library.db"))
    if not long_hours:
        return ids, None
    import shutil

    from web_page import long_interview, silent_audio

    interview = long_interview(long_hours)
    if shutil.which("ffmpeg"):
        interview.source.media_path = str(silent_audio(interview.utterances[-1].end / 1000 + 1))
    with Library(folder / "library.db") as library:
        return ids, library.add(interview).id


def kind_of(path: str, long_id: str | None) -> str:
    """The row of the per-kind table a request counts in."""
    if long_id and path.startswith(f"/interviews/{long_id}"):
        return "long page JSON" if path.endswith(".json") else "long page"
    for prefix, kind in (("/search.json", "search JSON"), ("/search", "search page"), ("/interviews/", "interview")):
        if path.startswith(prefix):
            return kind + (" JSON" if kind == "interview" and path.endswith(".json") else "")
    return "library"


def client(base: str, ids: list[str], long_id: str | None, until: float, timings: list[tuple[str, float]],
           errors: list[str], seed: int) -> None:
    import httpx

    paths = []
    for n, q in enumerate(QUERIES):
        iid = ids[(n + seed) % len(ids)]
        paths += [f"/search?q={q}", f"/search.json?q={q}", f"/interviews/{iid}", f"/interviews/{iid}.json", "/"]
        if long_id:
            paths.append(f"/interviews/{long_id}")
    step = seed
    with httpx.Client(base_url=base, timeout=60) as http:
        while time.monotonic() < until:
            path = paths[step % len(paths)]
            step += 1
            began = time.perf_counter()
            try:
                answer = http.get(path)
                if answer.status_code != 200:
                    errors.append(f"{path}: {answer.status_code}")
            except httpx.HTTPError as err:
                errors.append(f"{path}: {err}")
            timings.append((kind_of(path, long_id), (time.perf_counter() - began) * 1000))


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_up(base: str, server: subprocess.Popen[bytes]) -> None:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the studio exited before it served")
        try:
            httpx.get(base + "/interviews.json", timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the studio did not start within 60 s")


def measure(args: argparse.Namespace, pythonpath: str | None) -> dict[str, Any]:
    """One load test: a fresh library, the studio in its own process (the code on
    `pythonpath` when given, else the installed package), the clients from this one."""
    env = {**os.environ, **({"PYTHONPATH": pythonpath} if pythonpath else {})}
    code = subprocess.run([sys.executable, "-c", "import greenroom; print(greenroom.__file__)"], cwd="/", check=True,
                          capture_output=True, text=True, env=env).stdout.strip()
    found: dict[str, Any] = {"code": str(Path(code).parent), "load_before": load_average()}
    with tempfile.TemporaryDirectory() as tmp:
        ids, long_id = make_library(Path(tmp), args.long)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        # run from the temporary folder, so `-m greenroom` is the installed package or
        # the one PYTHONPATH names, never the current folder's
        server = subprocess.Popen([sys.executable, "-m", "greenroom", "serve", "--library", str(Path(tmp) / "library.db"),
                                   "--port", str(port)], stdout=subprocess.DEVNULL, env=env, cwd=tmp)
        try:
            wait_up(base, server)
            timings: list[tuple[str, float]] = []
            errors: list[str] = []
            until = time.monotonic() + args.seconds
            threads = [threading.Thread(target=client, args=(base, ids, long_id, until, timings, errors, n))
                       for n in range(args.clients)]
            cpu_before, began = cpu_seconds(server.pid), time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            found["took_s"] = time.monotonic() - began
            found["cpu_s"] = cpu_seconds(server.pid) - cpu_before
        finally:
            server.terminate()
            server.wait(timeout=30)
    found.update(timings=timings, errors=errors, load_after=load_average())
    return found


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def quantiles(values: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(values, n=100) if len(values) > 1 else values * 99
    return cuts[49], cuts[94]


def report(runs: list[tuple[str, dict[str, Any]]], args: argparse.Namespace) -> None:
    """A line per run, then requests by kind with each run's columns side by side."""
    print(f"{args.clients} clients for {args.seconds:.0f} s each run")
    for label, run in runs:
        values = [ms for _, ms in run["timings"]]
        p50, p95 = quantiles(values)
        print(f"{label}: studio code {run['code']}; {len(values)} requests, {len(values) / run['took_s']:.1f}/s, "
              f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, errors {len(run['errors'])}; server CPU {run['cpu_s']:.1f} s in "
              f"{run['took_s']:.1f} s wall ({run['cpu_s'] * 1000 / len(values):.0f} ms a request); "
              f"load average {run['load_before']} before, {run['load_after']} after")
    print(f"\n{'requests':16}" + "".join(f" {label + ' count':>13} {'per s':>6} {'p50 ms':>7} {'p95 ms':>7}"
                                          for label, _ in runs))
    kinds = sorted({k for _, run in runs for k, _ in run["timings"]})
    for kind in [*kinds, "all"]:
        row = f"{kind:16}"
        for _, run in runs:
            values = [ms for k, ms in run["timings"] if kind in (k, "all")]
            p50, p95 = quantiles(values) if values else (0.0, 0.0)
            row += f" {len(values):13} {len(values) / run['took_s']:6.1f} {p50:7.0f} {p95:7.0f}"
        print(row)
    for label, run in runs:
        for line in sorted(set(run["errors"]))[:10]:
            print(f"  {label}: {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--long", type=float, default=0, metavar="HOURS",
                        help="also a long interview of this many hours, whose page every client opens")
    parser.add_argument("--baseline", type=Path, help="another checkout's folder (holding greenroom/): its studio "
                        "is load-tested first, the same way, and shown beside this one")
    args = parser.parse_args()
    if args.baseline and not (args.baseline / "greenroom" / "__init__.py").is_file():
        print(f"web_load: {args.baseline} holds no greenroom package", file=sys.stderr)
        return 2
    runs = [("before", measure(args, str(args.baseline)))] if args.baseline else []
    runs.append(("after" if args.baseline else "this", measure(args, None)))
    report(runs, args)
    return 1 if any(run["errors"] for _, run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
