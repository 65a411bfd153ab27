"""The current settings as a Qt object: one place that loads, saves and announces changes."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from assistant.state.settings import Settings
from assistant.state.settings_store import SettingsLoad, SettingsStore


class SettingsModel(QObject):
    """Holds `Settings` for the GUI thread. `changed` carries the new Settings after a save."""

    changed = Signal(object)

    def __init__(
        self, store: SettingsStore, loaded: SettingsLoad, parent: QObject | None = None
    ) -> None:
        """`loaded` is the one load of `store` made by the composition root."""
        super().__init__(parent)
        self.store = store
        self.settings: Settings = loaded.settings
        self.notice: str | None = loaded.notice
        """A message for the user when the file had to be repaired on load."""

    def update(self, **changes: Any) -> Settings:
        """Apply and save `changes` (raises StateError or ValueError), then emit `changed`."""
        updated = replace(self.settings, **changes)
        if updated == self.settings:
            return updated
        self.store.save(updated)
        self.settings = updated
        self.changed.emit(updated)
        return updated
