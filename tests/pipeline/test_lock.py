"""One build at a time: a second process is refused with the holder's details; the lock dies with its holder."""
import json
import os

import pytest

from pipeline.lock import BuildLocked, LockHolder, build_lock, locked_message

HOLDER = r"""
import sys
from pathlib import Path
from pipeline.lock import build_lock
with build_lock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()
print("released", flush=True)
"""


def test_a_second_process_is_refused_with_the_holders_details(tmp_path, spawn):
    lock = tmp_path / "warehouse" / "build.lock"
    holder = spawn(HOLDER, lock, "holder-marker")
    assert holder.expect() == "held"

    with pytest.raises(BuildLocked) as refused:
        with build_lock(lock):
            pytest.fail("entered a lock another process holds")
    msg = str(refused.value)
    recorded = json.loads(lock.read_text())
    assert str(lock) in msg
    assert f"pid {holder.pid}" in msg
    assert recorded["started_at"] in msg
    assert "holder-marker" in msg  # the holder's command line
    assert f"stop process {holder.pid}" in msg and "wait for it to finish" in msg.lower()
    assert refused.value.lock_path == lock
    assert refused.value.holder.pid == holder.pid == recorded["pid"]

    holder.send("done")
    assert holder.expect() == "released"
    assert holder.finish() == 0
    with build_lock(lock) as held:  # free again once the holder is done
        assert held.holder.pid == os.getpid()
        assert json.loads(lock.read_text())["pid"] == os.getpid()
    assert lock.exists(), "the lock file must be kept (deleting a flock file races)"


def test_the_lock_dies_with_a_killed_holder(tmp_path, spawn):
    lock = tmp_path / "build.lock"
    holder = spawn(HOLDER, lock)
    assert holder.expect() == "held"
    holder.kill()  # SIGKILL: no clean-up code runs; the kernel drops the flock
    with build_lock(lock) as held:
        assert held.path == lock


def test_one_process_cannot_take_it_twice_and_the_file_stays(tmp_path):
    lock = tmp_path / "build.lock"
    with build_lock(lock) as held:
        info = json.loads(lock.read_text())
        assert info["pid"] == os.getpid() and info["hostname"] and info["command"]
        assert info["started_at"].endswith("+00:00")  # UTC, ISO 8601
        assert held.fd >= 0
        with pytest.raises(BuildLocked, match=f"pid {os.getpid()}"):
            with build_lock(lock):
                pass
    assert lock.exists()
    with build_lock(lock):  # released on exit, also after a refusal inside
        pass


def test_the_message_when_the_holder_details_are_unreadable(tmp_path):
    lock = tmp_path / "build.lock"
    assert LockHolder.from_text("") is None and LockHolder.from_text("[1]") is None
    msg = locked_message(lock, None)
    assert str(lock) in msg and "wait for it to finish" in msg.lower()
    dead = LockHolder(pid=2 ** 22 + 12345, hostname=None, started_at="2026-01-01T00:00:00+00:00", command="make build")
    msg = locked_message(lock, dead, purpose="export")
    assert "another export is running" in msg and "no longer running" in msg and "make build" in msg
