"""Reads and writes `Settings` as JSON in the config directory; a damaged file is kept aside."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.core.bounded_json import loads_bounded, read_bounded
from assistant.core.errors import StateError
from assistant.state.files import atomic_write_bytes, keep_aside
from assistant.state.settings import Settings, settings_from_mapping, validated

log = logging.getLogger(__name__)

MAX_SETTINGS_BYTES = 1_000_000


@dataclass(frozen=True)
class SettingsLoad:
    """Loaded settings plus, when something had to be repaired, a message for the user."""

    settings: Settings
    notice: str | None = None
    kept_aside: Path | None = None


class SettingsStore:
    """The settings file. Not thread-safe: load and save from the thread that owns the settings."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> SettingsLoad:
        """The saved settings; defaults when there is no file; repaired (with a notice) when bad."""
        try:
            raw = read_bounded(self.path, MAX_SETTINGS_BYTES)
        except FileNotFoundError:
            return SettingsLoad(Settings())
        except OSError as error:
            raise StateError(
                f"The settings file {self.path} could not be read ({error.strerror}). "
                "Check its permissions; the defaults are used until then."
            ) from error
        data = self._parse(raw)
        if data is None:
            backup = keep_aside(self.path)
            log.warning("settings file unreadable; kept as %s and reset", backup.name)
            return SettingsLoad(
                Settings(),
                notice=f"Your settings file was damaged, so the settings were reset to their "
                f"defaults. The damaged file was kept as {backup}.",
                kept_aside=backup,
            )
        settings, problems = settings_from_mapping(data)
        if not problems:
            return SettingsLoad(settings)
        backup = keep_aside(self.path)
        self.save(settings)
        log.warning("settings had %d invalid fields; reset those", len(problems))
        return SettingsLoad(
            settings,
            notice="Some settings were invalid and were reset to their defaults ("
            + "; ".join(problems)
            + f"). The rest were kept. The original file was kept as {backup}.",
            kept_aside=backup,
        )

    def save(self, settings: Settings) -> None:
        """Write `settings` atomically; raises ValueError for an invalid field."""
        text = json.dumps(asdict(validated(settings)), indent=2, sort_keys=True) + "\n"
        try:
            atomic_write_bytes(self.path, text.encode("utf-8"))
        except OSError as error:
            raise StateError(
                f"The settings could not be saved to {self.path} ({error.strerror}). "
                "Check that the folder is writable and the disk is not full."
            ) from error

    @staticmethod
    def _parse(raw: bytes) -> dict[str, object] | None:
        try:
            data = loads_bounded(raw, MAX_SETTINGS_BYTES)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None
