"""The narrow view of the vault that the individual stores use (avoids an import cycle)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from assistant.state.cipher import TextCipher
from assistant.state.database import Database
from assistant.state.settings import Settings


class Purpose(str, Enum):
    """What a write is for; each is allowed or not by the settings."""

    HISTORY = "history"
    MEMORY = "memory"
    AUDIT = "audit"


@dataclass(frozen=True)
class OpenStore:
    """An open database and the cipher for its rows."""

    database: Database
    cipher: TextCipher


class StoreAccess(Protocol):
    """Hands out the open store, or None when the settings or the keychain say no."""

    @property
    def settings(self) -> Settings:
        """The settings in force."""
        ...

    def writing(self, purpose: Purpose) -> AbstractContextManager[OpenStore | None]:
        """The store, opened and keyed, for one write if `purpose` may write now (None
        otherwise); held so that clear-state cannot wipe during the write."""
        ...

    def for_reading(self) -> OpenStore | None:
        """The store if one exists; None if nothing was ever stored. Raises StateError when
        stored data exists but its key cannot be had."""
        ...
