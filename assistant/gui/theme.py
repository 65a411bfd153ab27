"""Look and feel: the app icon, high-DPI rendering and the system light/dark scheme."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

ICON_DIR_NAME = "icons"


def resources_dir() -> Path:
    """`resources/` beside the package (source tree) or inside a frozen build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def app_icon() -> QIcon:
    """The app icon (SVG, with the PNG as a fallback for platforms without the SVG plugin)."""
    icons = resources_dir() / ICON_DIR_NAME
    icon = QIcon(str(icons / "app.svg"))
    if icon.isNull() or not icon.availableSizes():
        icon = QIcon(str(icons / "app.png"))
    return icon


def prepare_high_dpi() -> None:
    """Call before the QApplication exists: keep fractional scale factors crisp."""
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )


def apply_theme(app: QApplication) -> None:
    """Use the Fusion style, which follows the platform's light/dark palette, and the icon."""
    app.setStyle("Fusion")
    app.setWindowIcon(app_icon())


def is_dark(app: QGuiApplication) -> bool:
    """True when the system asks for a dark colour scheme."""
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark
