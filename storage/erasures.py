"""The erasure ledger: a record of erased companies that survives a restore.

A restore brings back data erased after the backup was taken. Each erasure therefore appends a
line to a file kept apart from the database (``ERASURE_LEDGER``, next to the backups), and
``flask restore`` erases again every company of the restored database that the ledger names.

A line holds the time, the key's id and a keyed hash (HMAC-SHA-256) of the business ID: business
IDs are public and few enough to guess, so a plain hash would name the company; without the key
the ledger says only how many erasures there were. The key is derived from SECRET_KEY: after a
key change the older lines cannot be matched (restore says how many), so keep the old key's
ledger lines reapplied before rotating, or restore with the old key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from pathlib import Path

from .db import DIR_MODE, FILE_MODE


def _normalise(business_id: str) -> str:
    return "".join(business_id.split()).upper()


@dataclass(frozen=True)
class Ledger:
    path: Path
    key: bytes

    @classmethod
    def for_secret(cls, path: str | Path, secret_key: str) -> "Ledger":
        key = hmac.new(str(secret_key).encode(), b"digianalyysi-erasure-ledger", hashlib.sha256).digest()
        return cls(Path(path), key)

    @property
    def key_id(self) -> str:
        return hmac.new(self.key, b"key-id", hashlib.sha256).hexdigest()[:8]

    def digest(self, business_id: str) -> str:
        return hmac.new(self.key, _normalise(business_id).encode(), hashlib.sha256).hexdigest()

    def record(self, business_id: str, stamp: str) -> None:
        """Append one erasure at ``stamp`` (ISO, UTC) before the database is changed: an erasure
        that then fails is repeated on the next restore, which is what was asked. fsync'd; 0600."""
        if not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, mode=DIR_MODE)
        line = f"{stamp}\t{self.key_id}\t{self.digest(business_id)}\n".encode()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    def entries(self) -> tuple[set[str], int]:
        """(hashes made with this key, lines made with another key)."""
        if not self.path.is_file():
            return set(), 0
        mine, other = set(), 0
        for line in self.path.read_text(encoding="ascii").splitlines():
            parts = line.split("\t")
            if len(parts) != 3:
                continue
            if parts[1] == self.key_id:
                mine.add(parts[2])
            else:
                other += 1
        return mine, other

    def erased(self, business_id: str) -> bool:
        return self.digest(business_id) in self.entries()[0]

    def prune(self, before: str) -> int:
        """Drop lines stamped before ``before`` (ISO, UTC: older than every backup still kept),
        written to a temporary file and renamed. Returns how many were dropped."""
        if not self.path.is_file():
            return 0
        lines = self.path.read_text(encoding="ascii").splitlines(keepends=True)
        kept = [line for line in lines if line.split("\t", 1)[0] >= before]
        if len(kept) == len(lines):
            return 0
        temporary = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.writelines(kept)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)
        return len(lines) - len(kept)


def ledger_for(config) -> Ledger:
    """The ledger of this deployment: ERASURE_LEDGER, by default ``erasures.ledger`` next to the
    database (put it with the backups: docs/operations.md, Backups)."""
    path = config.get("ERASURE_LEDGER") or Path(config["DATABASE"]).parent / "erasures.ledger"
    return Ledger.for_secret(path, config["SECRET_KEY"])
