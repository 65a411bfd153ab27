"""Help → About: the versions of this run, the installed model, and the privacy statement."""

from __future__ import annotations

import importlib.metadata
import platform
from collections.abc import Callable

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from assistant import __version__
from assistant.gui.about_dialog import AboutDialog
from assistant.gui.shell import AppShell
from assistant.models.store import InstalledModel, ModelStore
from assistant.paths import AppPaths

MakeShell = Callable[..., AppShell]


def test_about_from_the_help_menu_shows_the_versions_and_no_model(make_shell: MakeShell) -> None:
    shell = make_shell()
    shell.window.about_action.trigger()
    about = shell.views.about
    assert about is not None and about.isVisible()
    values = {name: label.text() for name, label in about.values.items()}
    assert values["Offline Translation Assistant"] == __version__
    assert values["Python"].startswith(platform.python_version())
    assert values["Qt"] == f"{qVersion()} (PySide6 {PySide6.__version__})"
    assert values["OpenVINO"] == importlib.metadata.version("openvino")
    assert values["Models"] == "none installed"
    assert "never leave it" in about.privacy.text()
    assert "Clear state" in about.privacy.text()
    about.copy_button.click()
    assert (
        QGuiApplication.clipboard()
        .text()
        .startswith(f"Offline Translation Assistant: {__version__}\nPython: ")
    )


def test_about_names_the_installed_model(
    qtbot: QtBot, app_paths: AppPaths, installed_tiny_m2m100: InstalledModel
) -> None:
    about = AboutDialog(ModelStore(app_paths).list())
    qtbot.addWidget(about)
    models = about.values["Models"].text()
    manifest = installed_tiny_m2m100.manifest
    assert models.startswith(f"{installed_tiny_m2m100.model_id} (translator, {manifest.recipe}")
