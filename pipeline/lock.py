"""One build at a time: an exclusive, non-blocking flock on a lock file.

    from pipeline.lock import BUILD_LOCK, BuildLocked, build_lock

    try:
        with build_lock(BUILD_LOCK) as held:
            ...  # ingest, dbt build, publish, export
    except BuildLocked as exc:
        sys.exit(str(exc))   # names the lock file, the holder's pid / start time / command, what to do

The lock is the kernel's flock on the open file, not the file's existence: it is released when the
holder exits, however it exits (even SIGKILL), so there is never a stale lock to clean up by hand.
The file is created when missing and deliberately never deleted: deleting a flock file races (a
second process can open the old inode, a third create a new one, and both "hold the lock").
Its content (pid, hostname, start time, command line, as JSON) is informational only; it is
rewritten by every holder and is what a refused process quotes in its message.

flock locks belong to the open file description, so a second build_lock() on the same file in the
same process is refused too. The descriptor is not inherited by child processes (Python's default);
pass `pass_fds=(held.fd,)` to subprocess to make a child (e.g. dbt) keep the lock if it might
outlive this process.
"""
from __future__ import annotations

import fcntl
import json
import os
import shlex
import socket
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from ingest.paths import BUILD_LOCK  # noqa: F401  (re-exported: the build orchestrator's lock)


@dataclass(frozen=True)
class LockHolder:
    """What a lock file says about the process that holds it (fields are None when unreadable)."""

    pid: int | None = None
    hostname: str | None = None
    started_at: str | None = None  # UTC, ISO 8601
    command: str | None = None

    def to_json(self) -> str:
        return json.dumps({"pid": self.pid, "hostname": self.hostname, "started_at": self.started_at,
                           "command": self.command}, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_text(cls, text: str) -> "LockHolder | None":
        try:
            data = json.loads(text)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        pid = data.get("pid")
        return cls(pid=pid if isinstance(pid, int) else None, hostname=data.get("hostname"),
                   started_at=data.get("started_at"), command=data.get("command"))


@dataclass(frozen=True)
class HeldLock:
    """Yielded by build_lock(): the lock file, its open descriptor, and what was written into it."""

    path: Path
    fd: int
    holder: LockHolder


class BuildLocked(RuntimeError):
    """Another process holds the lock. str(exc) is a complete message for the user.

    Attributes: lock_path (Path), holder (LockHolder | None: None when the file could not be read).
    """

    def __init__(self, message: str, lock_path: Path, holder: LockHolder | None):
        super().__init__(message)
        self.lock_path = lock_path
        self.holder = holder


def _command_line() -> str:
    argv = getattr(sys, "orig_argv", None) or [sys.executable, *sys.argv]
    return shlex.join(argv)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _age(started_at: str | None) -> str:
    try:
        started = datetime.fromisoformat(started_at)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    if started.tzinfo is None:
        started = started.replace(tzinfo=timezone.utc)
    seconds = int((datetime.now(timezone.utc) - started).total_seconds())
    if seconds < 0:
        return ""
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f", {h}h{m:02d}m{s:02d}s ago" if h else f", {m}m{s:02d}s ago" if m else f", {s}s ago"


def _read_holder(lock_path: Path) -> LockHolder | None:
    """The holder's details. Retried briefly: a holder that has just taken the lock may not have
    written them yet."""
    for attempt in range(5):
        try:
            holder = LockHolder.from_text(lock_path.read_text(encoding="utf-8"))
        except OSError:
            holder = None
        if holder is not None and holder.pid is not None:
            return holder
        if attempt < 4:
            time.sleep(0.02)
    return None


def locked_message(lock_path: Path, holder: LockHolder | None, purpose: str = "build") -> str:
    """The message BuildLocked carries: which lock, who holds it, what to do."""
    if holder is None or holder.pid is None:
        return (f"another {purpose} is running: the lock file {lock_path} is held by another process, "
                f"whose details could not be read from the file (it may have just started). "
                f"Wait for it to finish; `fuser -v {shlex.quote(str(lock_path))}` shows the process.")
    command = " ".join((holder.command or "unknown").split())  # one line, even for a `python -c` script
    if len(command) > 500:  # a `python -c` script: keep the start and the arguments at the end
        command = command[:300] + " ... " + command[-150:]
    here = socket.gethostname()
    where = "" if holder.hostname in (None, here) else f" on host {holder.hostname}"
    msg = (f"another {purpose} is running: the lock file {lock_path} is held by pid {holder.pid}{where}, "
           f"started {holder.started_at or 'at an unknown time'}{_age(holder.started_at)}, "
           f"command: {command}. "
           f"Wait for it to finish or stop process {holder.pid} (kill {holder.pid}), then retry.")
    if not where and not _pid_alive(holder.pid):
        msg += (f" Note: pid {holder.pid} is no longer running, so a child process it started still holds the "
                f"lock; `fuser -v {shlex.quote(str(lock_path))}` shows which.")
    return msg


@contextmanager
def build_lock(lock_path: Path, purpose: str = "build") -> Iterator[HeldLock]:
    """Hold an exclusive flock on `lock_path` for the duration of the `with` block.

    Creates the file (and its folder) if missing and never deletes it. Writes this process's pid,
    hostname, start time (UTC ISO 8601) and command line into it. Does not wait: if another process
    (or another build_lock() in this process) holds it, raises BuildLocked whose message names the
    lock file and the holder's pid, start time and command, and says what to do. `purpose` only
    words the message ("another build is running", "another export is running").
    """
    lock_path = Path(lock_path)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(lock_path)
            raise BuildLocked(locked_message(lock_path, holder, purpose), lock_path, holder) from None
        holder = LockHolder(pid=os.getpid(), hostname=socket.gethostname(),
                            started_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                            command=_command_line())
        data = holder.to_json().encode("utf-8")
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)
        os.fsync(fd)
        try:
            yield HeldLock(path=lock_path, fd=fd, holder=holder)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
