"""Look and feel: the app icon, high-DPI rendering and the platform's light/dark palette."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from assistant.resources import icons_dir


def app_icon() -> QIcon:
    """The app icon (SVG, with the PNG as a fallback for platforms without the SVG plugin)."""
    icons = icons_dir()
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
