"""Render the app icon (assistant/resources/icons/app.svg) into the hicolor theme's PNG sizes.

Run after changing the SVG, and commit the PNGs:
    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/icons/render_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[2] / "assistant" / "resources" / "icons"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
NAME = "offline-translation-assistant.png"


def render(renderer: QSvgRenderer, size: int, target: Path) -> None:
    """Draw the SVG into a transparent size×size PNG."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "PNG"):
        raise OSError(f"could not write {target}")


def main() -> int:
    """Write hicolor/<N>x<N>/apps/offline-translation-assistant.png for every size."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "app.svg"))
    if not renderer.isValid():
        print(f"cannot read {ICONS / 'app.svg'}", file=sys.stderr)
        return 1
    for size in SIZES:
        render(renderer, size, ICONS / "hicolor" / f"{size}x{size}" / "apps" / NAME)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
