"""An exclusive lock on a sweep's output directory: one writer at a time.

Core object: `StoreLock`. The lock is ``OUT/.lock``, held with `fcntl.flock` for as long as a
sweep (or a repair) writes there. The file records the holder (pid, host, start time) so that
a second writer is refused with a message naming it. The kernel releases a flock when its
process ends, however it ends (even SIGKILL), so a lock left by a dead process is recovered by
the next writer without anyone deleting files; the holder's record left behind is reported as
recovered. A clean release empties the record but keeps the file: deleting it would let a
writer that opened the old file and one that creates a new one both hold "the" lock.

Where `fcntl` is missing (Windows), the lock is an exclusively created file holding the pid,
and a lock whose process no longer runs on this host is taken over.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
from pathlib import Path
from typing import Any

from negotiation_sim.errors import OutputError, UserError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["StoreLock", "LOCK"]

LOCK = ".lock"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class StoreLock:
    """The writer's lock on an output directory.

    Args:
        root: The output directory (created if missing).

    Attributes:
        recovered: The record of a previous holder that ended without releasing the lock, if any.
    """

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.path = self.root / LOCK
        self._fd: int | None = None
        self.recovered: dict[str, Any] | None = None

    def _record(self) -> bytes:
        return json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                           "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
                           }).encode()

    @staticmethod
    def _holder(raw: bytes) -> dict[str, Any] | None:
        try:
            data = json.loads(raw.decode("utf-8") or "null")
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None
        return data if isinstance(data, dict) else None

    def _refuse(self, holder: dict[str, Any] | None) -> UserError:
        who = (f"pid {holder.get('pid')} on {holder.get('host')} since {holder.get('started')}"
               if holder else "another process")
        return UserError(self.root, LOCK, f"an output directory no other sweep is writing to (it is locked "
                         f"by {who}); wait for that sweep to finish or use another --out")

    def acquire(self) -> StoreLock:
        """Take the lock, or raise `UserError` naming the holder (`OutputError` if unwritable)."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as err:
            raise OutputError(self.root, err.strerror or str(err), "nothing was run; make the directory "
                              "writable (then --resume continues) or choose another --out") from None
        if fcntl is None:  # pragma: no cover - Windows
            os.close(fd)
            return self._acquire_exclusive()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = self._holder(os.pread(fd, 4096, 0))
            os.close(fd)
            raise self._refuse(holder) from None
        try:
            self.recovered = self._holder(os.pread(fd, 4096, 0))
            if self.recovered:
                logging.getLogger("negotiation_sim").warning(
                    "note: %s: took over the lock left by pid %s on %s (started %s), which ended "
                    "without releasing it", self.root, self.recovered.get("pid"),
                    self.recovered.get("host"), self.recovered.get("started"))
            os.ftruncate(fd, 0)
            os.pwrite(fd, self._record(), 0)
            os.fsync(fd)
        except OSError as err:
            os.close(fd)
            raise OutputError(self.path, err.strerror or str(err),
                              "free space or choose another --out (nothing was run)") from None
        self._fd = fd
        return self

    def _acquire_exclusive(self) -> StoreLock:  # pragma: no cover - Windows
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                holder = self._holder(self.path.read_bytes()) if self.path.exists() else None
                if holder and holder.get("host") == socket.gethostname() and not _alive(int(holder["pid"])):
                    self.recovered = holder
                    self.path.unlink(missing_ok=True)
                    continue
                raise self._refuse(holder) from None
            os.write(fd, self._record())
            self._fd = fd
            return self
        raise self._refuse(None)

    def release(self) -> None:
        """Give the lock up (idempotent)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            if fcntl is None:  # pragma: no cover - Windows
                os.close(fd)
                self.path.unlink(missing_ok=True)
                return
            os.ftruncate(fd, 0)
        except OSError:
            pass  # a full disk may refuse even this; the kernel still drops the lock below
        finally:
            if fcntl is not None:
                os.close(fd)

    def __enter__(self) -> StoreLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
