"""A bounded load test of the studio: `greenroom serve` in its own process on
loopback, and from this process N concurrent clients for S seconds, each
searching and opening interview pages and their JSON twins in turn.

Reports requests per second, p50/p95 latency and errors (the target is zero).
The library is the project's own sample (spoken and analyzed) plus the typed
sample transcript, built in a temporary folder.

    .venv/bin/python bench/web_load.py [--clients 20] [--seconds 30]
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

REPO = Path(__file__).resolve().parents[1]
QUERIES = ["terrified", "script", "lighthouse", "\"first time\"", "row*", "storm night", "nervous before shooting"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_library(folder: Path) -> list[str]:
    sys.path.insert(0, str(REPO / "tests"))
    from test_web_fixtures import build_studio_db

    from greenroom.sample import make_sample

    files = make_sample(folder)
    return list(build_studio_db(files.reference, files.audio, folder / "library.db"))


def client(base: str, ids: list[str], until: float, latencies: list[float], errors: list[str], seed: int) -> None:
    import httpx

    paths = []
    for n, q in enumerate(QUERIES):
        iid = ids[(n + seed) % len(ids)]
        paths += [f"/search?q={q}", f"/search.json?q={q}", f"/interviews/{iid}", f"/interviews/{iid}.json", "/"]
    step = seed
    with httpx.Client(base_url=base, timeout=30) as http:
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
            latencies.append((time.perf_counter() - began) * 1000)


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ids = make_library(Path(tmp))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "greenroom", "serve", "--library", str(Path(tmp) / "library.db"),
                                   "--port", str(port)], stdout=subprocess.DEVNULL, env={**os.environ})
        try:
            wait_up(base, server)
            latencies: list[float] = []
            errors: list[str] = []
            until = time.monotonic() + args.seconds
            threads = [threading.Thread(target=client, args=(base, ids, until, latencies, errors, n))
                       for n in range(args.clients)]
            began = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            took = time.monotonic() - began
        finally:
            server.terminate()
            server.wait(timeout=30)
    cuts = statistics.quantiles(latencies, n=100)
    print(f"{args.clients} clients for {args.seconds:.0f} s: {len(latencies)} requests, {len(latencies) / took:.0f}/s, "
          f"p50 {cuts[49]:.0f} ms, p95 {cuts[94]:.0f} ms, errors {len(errors)}")
    for line in sorted(set(errors))[:10]:
        print(f"  {line}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
