"""The one helper that stops a child process: SIGTERM, then SIGKILL after a timeout."""

import signal
import subprocess
import sys

from extract import processes


def test_a_process_that_obeys_sigterm_ends_with_it():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    assert processes.stop(child) == -signal.SIGTERM


def test_a_process_that_ignores_sigterm_is_killed():
    ignoring = (
        "import signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('ready', flush=True); time.sleep(600)"
    )
    child = subprocess.Popen([sys.executable, "-c", ignoring], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    assert processes.stop(child, timeout=0.5) == -signal.SIGKILL
    child.stdout.close()


def test_a_process_already_ended_keeps_its_status():
    child = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    child.wait()
    assert processes.stop(child) == 3
