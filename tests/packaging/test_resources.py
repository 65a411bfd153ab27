"""Package data: the icons, publisher keys, catalogue and desktop files found through
`assistant.resources`, and the metainfo's release matching the package version."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtGui import QImage

from assistant import __version__
from assistant.models.catalogue import load_catalogue
from assistant.models.trust import SHIPPED_KEYS_DIR
from assistant.resources import DESKTOP_ID, icons_dir, resource_path, resource_root

HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def test_resources_are_inside_the_package() -> None:
    root = resource_root()
    assert root.parts[-2:] == ("assistant", "resources")
    assert (root / "catalogue.json").is_file()
    assert root / "keys" == SHIPPED_KEYS_DIR
    assert (SHIPPED_KEYS_DIR / "README.md").is_file()
    assert load_catalogue()


def test_the_app_icon_ships_as_svg_png_and_ico() -> None:
    for name in ("app.svg", "app.png", "app.ico"):
        assert (icons_dir() / name).stat().st_size > 0
    assert not QImage(str(icons_dir() / "app.png")).isNull()


def test_every_hicolor_size_is_a_square_png_of_that_size() -> None:
    for size in HICOLOR_SIZES:
        png = icons_dir() / "hicolor" / f"{size}x{size}" / "apps" / f"{DESKTOP_ID}.png"
        image = QImage(str(png))
        assert (image.width(), image.height()) == (size, size), png


def test_the_metainfo_names_the_desktop_entry_and_the_package_version() -> None:
    tree = ET.parse(resource_path("linux", f"{DESKTOP_ID}.metainfo.xml"))
    assert tree.findtext("id") == DESKTOP_ID
    assert tree.findtext("launchable") == f"{DESKTOP_ID}.desktop"
    newest = tree.find("releases/release")
    assert newest is not None
    assert newest.get("version") == __version__, "add a <release> for the new version"
