"""Failed logins, counted per account and per address, so nobody can guess passwords
at the speed of the network.

After `limit` failures for an account name, or from one client address, within
`window_s` seconds, every login for that name or from that address is refused
(HTTP 429, with how long to wait) until the oldest of those failures leaves the
window, the right password included: otherwise a guesser would learn that the
last guess was right. A successful login clears its account's count, never its
address's (one valid account must not buy unlimited guesses at the others).
The counts live in the studio process: a restart forgets them, which costs an
attacker a restart they cannot cause.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

LIMIT = 5
WINDOW_S = 15 * 60.0


class LoginLimit:
    """Sliding-window failure counts keyed by ("name", account) and ("ip", address)."""

    def __init__(self, limit: int = LIMIT, window_s: float = WINDOW_S,
                 clock: Callable[[], float] = time.monotonic):
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def keys(name: str, address: str) -> list[tuple[str, str]]:
        """The counters a login attempt touches (names compared case-blind, as typed)."""
        return [("name", name.strip().casefold()), ("ip", address)]

    def wait_s(self, name: str, address: str) -> int:
        """Whole seconds until a login for `name` from `address` is heard again (0: now)."""
        now = self.clock()
        with self._lock:
            waits = [self._wait(key, now) for key in self.keys(name, address)]
        return max(waits)

    def _wait(self, key: tuple[str, str], now: float) -> int:
        times = self._failures.get(key)
        if not times:
            return 0
        while times and now - times[0] >= self.window_s:
            times.popleft()
        if len(times) < self.limit:
            return 0
        return max(1, math.ceil(times[-self.limit] + self.window_s - now))

    def failed(self, name: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key in self.keys(name, address):
                times = self._failures.setdefault(key, deque(maxlen=self.limit))
                times.append(now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(("name", name.strip().casefold()), None)


def wait_words(seconds: int) -> str:
    """'45 seconds', '1 minute', '15 minutes': a wait a person reads at a glance."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
