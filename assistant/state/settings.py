"""The user's settings: one typed dataclass with defaults and per-field validation."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from assistant.core.languages import M2M100_LANGUAGES

QUALITIES = ("fast", "best")
""""fast" is greedy search; "best" is beam search with 4 beams."""
DEVICE_PREFERENCES = ("auto", "npu", "cpu")
PRECISIONS = ("default", "f32")
AUTO_LANG = "auto"

MAX_RETENTION_DAYS = 3650
MAX_HISTORY_ENTRIES = 100_000


@dataclass(frozen=True)
class Settings:
    """What the user chose. Immutable: change it with `dataclasses.replace` and save it."""

    default_target_lang: str = "en"
    """An M2M-100 language code, like every language field."""
    last_source_lang: str = AUTO_LANG
    last_target_lang: str = "en"
    quality: str = "fast"
    device_preference: str = "auto"
    precision: str = "default"
    history_enabled: bool = True
    history_max_entries: int = 1000
    """The oldest history entries beyond this many are deleted."""
    keep_in_tray: bool = True
    start_at_login: bool = False
    audit_log_enabled: bool = False
    audit_retention_days: int = 30
    allow_unencrypted_fallback: bool = False
    """With no system keychain, keep the history key in a plain file next to the data.

    Anyone who can read the user's files can then read the history; the GUI labels it so."""

    @property
    def beam_size(self) -> int:
        """The beam width `quality` stands for."""
        return 4 if self.quality == "best" else 1


def _valid_lang(value: object, allow_auto: bool) -> bool:
    if not isinstance(value, str):
        return False
    return value in M2M100_LANGUAGES or (allow_auto and value == AUTO_LANG)


def _valid_int(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


_CHECKS: dict[str, Any] = {
    "default_target_lang": lambda v: _valid_lang(v, allow_auto=False),
    "last_source_lang": lambda v: _valid_lang(v, allow_auto=True),
    "last_target_lang": lambda v: _valid_lang(v, allow_auto=False),
    "quality": lambda v: v in QUALITIES,
    "device_preference": lambda v: v in DEVICE_PREFERENCES,
    "precision": lambda v: v in PRECISIONS,
    "history_max_entries": lambda v: _valid_int(v, 10, MAX_HISTORY_ENTRIES),
    "audit_retention_days": lambda v: _valid_int(v, 1, MAX_RETENTION_DAYS),
}


def field_problem(name: str, value: object) -> str | None:
    """Why `value` is not acceptable for the setting `name`, or None when it is."""
    known = {item.name: item for item in fields(Settings)}
    if name not in known:
        return f"unknown setting {name!r}"
    default = getattr(Settings(), name)
    if isinstance(default, bool):
        return None if isinstance(value, bool) else f"{name} must be true or false"
    check = _CHECKS[name]
    return None if check(value) else f"{name} has an invalid value {value!r}"


def settings_from_mapping(data: dict[str, object]) -> tuple[Settings, list[str]]:
    """Settings from parsed JSON; bad or unknown fields fall back to defaults and are named."""
    problems: list[str] = []
    values: dict[str, Any] = {}
    for name, value in data.items():
        problem = field_problem(name, value)
        if problem is None:
            values[name] = value
        else:
            problems.append(problem)
    return replace(Settings(), **values), problems


def validated(settings: Settings) -> Settings:
    """`settings` itself if every field is valid; raises ValueError naming the first bad one."""
    for item in fields(Settings):
        problem = field_problem(item.name, getattr(settings, item.name))
        if problem is not None:
            raise ValueError(problem)
    return settings
