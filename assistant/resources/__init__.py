"""Files that ship inside the package: icons, publisher keys, the model catalogue and the desktop
files. The one place that says where they are, in a source tree, an installed wheel and a frozen
build alike (through `importlib.resources`).

Read-only, safe from any thread.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

ICONS = "icons"
KEYS = "keys"
CATALOGUE = "catalogue.json"

DESKTOP_ID = "offline-translation-assistant"
"""The name of the .desktop file, the hicolor icon and the AppStream component."""


def resource_root() -> Path:
    """The folder holding the shipped files, as a real directory (wheels are never zipped)."""
    root = resources.files(__name__)
    if not isinstance(root, Path):
        raise RuntimeError(f"assistant.resources is not a folder on disk: {root}")
    return root


def resource_path(*parts: str) -> Path:
    """A shipped file or folder, such as `resource_path("icons", "app.svg")`."""
    return resource_root().joinpath(*parts)


def icons_dir() -> Path:
    """The app icon as SVG, PNG, ICO and the hicolor theme sizes."""
    return resource_path(ICONS)


def shipped_keys_dir() -> Path:
    """Publisher public keys trusted on every install (`*.pem`)."""
    return resource_path(KEYS)


def read_text(name: str) -> str:
    """A shipped text file, such as the catalogue."""
    return resource_path(name).read_text(encoding="utf-8")
