"""Child processes (ffmpeg) that end with the greenroom process that started them.

A render killed with SIGKILL runs no `finally`: without help its ffmpeg would keep
encoding into a temp file nobody will rename. On Linux each child asks the kernel
(`prctl(PR_SET_PDEATHSIG, SIGKILL)`) to be killed when its parent dies, and it runs
in its own process group, so a Ctrl-C at the terminal reaches greenroom, which
stops the child itself (its `finally`), rather than both at once. Elsewhere only
the process group is set.

The death signal follows the *thread* that started the child; greenroom waits for
its ffmpeg in the thread that started it, so that thread outlives the child.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

_PR_SET_PDEATHSIG = 1


def _loader() -> Callable[[], None] | None:
    """The function a child runs between fork and exec, with libc loaded beforehand
    (nothing may be imported or allocated much in a forked child)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def die_with_parent() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the request was made
            os.kill(os.getpid(), signal.SIGKILL)

    return die_with_parent


def tied() -> dict[str, Any]:
    """Keyword arguments for `subprocess.Popen`/`run`: the child gets its own process
    group and, on Linux, dies with this process."""
    hook = _loader()
    return {"process_group": 0, **({"preexec_fn": hook} if hook else {})}
