"""Helpers for tests that need a second process: a child Python that talks line by line, always reaped."""
from __future__ import annotations

import queue
import subprocess
import sys
import threading

import pytest

from tests.conftest import ROOT


class Child:
    """`python -c CODE ARGS...` run from the checkout (so `import pipeline` works), stdin/stdout as lines."""

    def __init__(self, code: str, *args, env: dict | None = None):
        self.proc = subprocess.Popen([sys.executable, "-c", code, *map(str, args)], cwd=ROOT, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, bufsize=1)
        self.pid = self.proc.pid
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def expect(self, timeout: float = 10) -> str:
        """The child's next output line; fails the test with its stderr if it exited or timed out."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            pytest.fail(f"child {self.pid} printed nothing within {timeout}s")
        if line is None:
            self.proc.wait(timeout=5)
            pytest.fail(f"child {self.pid} exited {self.proc.returncode}: {self.proc.stderr.read()}")
        return line

    def send(self, line: str) -> None:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def finish(self, timeout: float = 5) -> int:
        """Close its stdin (the scripts here exit on EOF) and reap it; kill it if it does not exit."""
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._thread.join(timeout=5)


@pytest.fixture
def spawn():
    """spawn(code, *args) -> Child; every child is killed and reaped after the test."""
    children: list[Child] = []

    def start(code: str, *args, env: dict | None = None) -> Child:
        child = Child(code, *args, env=env)
        children.append(child)
        return child

    yield start
    for child in children:
        child.kill()
        for stream in (child.proc.stdin, child.proc.stdout, child.proc.stderr):
            try:
                stream.close()
            except OSError:
                pass
