"""Every directory the app writes, decided in one place (platformdirs, or one `--data-dir`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from assistant import APP_AUTHOR, APP_NAME

DATA_DIR_ENV = "ASSISTANT_DATA_DIR"
"""Environment override with the same meaning as `--data-dir` (used by tests and scripts)."""


@dataclass(frozen=True)
class AppPaths:
    """The app's writable directories. Nothing is written outside these."""

    data: Path
    config: Path
    cache: Path
    logs: Path

    @property
    def models(self) -> Path:
        """Installed model bundles, one folder per model id."""
        return self.data / "models"

    @property
    def compiled_cache(self) -> Path:
        """Compiled-model blobs the engine sealed, one folder per cache key."""
        return self.cache / "compiled"

    @property
    def downloads(self) -> Path:
        """Partial downloads, kept for resuming."""
        return self.cache / "downloads"

    @property
    def database(self) -> Path:
        """SQLite file for history and translation memory."""
        return self.data / "assistant.sqlite3"

    @property
    def settings_file(self) -> Path:
        """The user's settings."""
        return self.config / "settings.json"

    @property
    def log_file(self) -> Path:
        """The rotating application log."""
        return self.logs / "assistant.log"

    def all_roots(self) -> tuple[Path, ...]:
        """The top-level directories, for clear-state and privacy checks."""
        return (self.data, self.config, self.cache, self.logs)

    def ensure(self) -> AppPaths:
        """Create the directories (owner-only permissions) and return self."""
        for root in self.all_roots():
            root.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self

    @classmethod
    def under(cls, root: Path) -> AppPaths:
        """All directories below one root: the `--data-dir` layout."""
        root = root.expanduser().resolve()
        return cls(
            data=root / "data", config=root / "config", cache=root / "cache", logs=root / "logs"
        )

    @classmethod
    def platform_default(cls) -> AppPaths:
        """The per-user platform directories."""
        dirs = platformdirs.PlatformDirs(APP_NAME, APP_AUTHOR)
        return cls(
            data=Path(dirs.user_data_dir),
            config=Path(dirs.user_config_dir),
            cache=Path(dirs.user_cache_dir),
            logs=Path(dirs.user_log_dir),
        )

    @classmethod
    def resolve(cls, data_dir: str | Path | None = None) -> AppPaths:
        """`--data-dir` if given, else `$ASSISTANT_DATA_DIR`, else the platform directories."""
        chosen = data_dir or os.environ.get(DATA_DIR_ENV)
        return cls.under(Path(chosen)) if chosen else cls.platform_default()
