"""Stopping a child process: politely first, then for good."""

from __future__ import annotations

import subprocess

STOP_TIMEOUT = 10.0
"""Seconds a process has to exit after SIGTERM before it is killed."""


def stop(process: subprocess.Popen, timeout: float = STOP_TIMEOUT) -> int:
    """End ``process`` if it still runs: SIGTERM, wait up to ``timeout`` seconds, then
    SIGKILL. Returns its exit status; a process already ended is only reaped."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait()
