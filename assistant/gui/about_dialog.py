"""Help → About: the versions a bug report needs, the installed models, and the privacy
statement."""

from __future__ import annotations

import importlib.metadata
import platform
from collections.abc import Sequence

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assistant import __version__
from assistant.models.store import InstalledModel

PRIVACY_STATEMENT = (
    "Everything happens on this computer. The text you translate, its translation and your "
    "history never leave it: there is no account, no cloud service and no telemetry upload. "
    "The app uses the network only when you ask it to get a model. History and the "
    "translation memory are encrypted with a key kept in the system keychain (without a "
    "keychain they stay off unless you choose a clearly labelled, less safe key file); the "
    "logs hold lengths, languages and timings, never your text. Clear state… removes all of "
    "it."
)


def package_version(name: str) -> str:
    """The installed version of a Python package, or "not installed"."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def model_line(model: InstalledModel) -> str:
    """ "m2m100-418m (translator, int8 weights, exported with OpenVINO 2026.0)"."""
    kind = {"m2m100": "translator", "triage-llm": "triage model"}.get(model.kind, model.kind)
    details = [kind, f"{model.manifest.recipe} weights"]
    exported = model.manifest.versions.get("openvino")
    if exported:
        details.append(f"exported with OpenVINO {exported}")
    return f"{model.model_id} ({', '.join(details)})"


def version_rows(models: Sequence[InstalledModel]) -> list[tuple[str, str]]:
    """(what, version) rows: the app, Python, Qt, OpenVINO and each installed model."""
    installed = "\n".join(model_line(model) for model in models) or "none installed"
    return [
        ("Offline Translation Assistant", __version__),
        ("Python", f"{platform.python_version()} ({platform.machine() or 'unknown machine'})"),
        ("Qt", f"{qVersion()} (PySide6 {PySide6.__version__})"),
        ("OpenVINO", package_version("openvino")),
        ("Models", installed),
    ]


class AboutDialog(QDialog):
    """Shows `version_rows` for the given models and the privacy statement; Copy puts the
    versions on the clipboard for a bug report."""

    def __init__(self, models: Sequence[InstalledModel], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Offline Translation Assistant")
        self.setAccessibleName("About")
        self.rows = version_rows(models)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for name, value in self.rows:
            label = QLabel(value)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAccessibleName(f"{name} version")
            form.addRow(f"{name}:", label)
            self.values[name] = label
        heading = QLabel("Privacy")
        heading.setStyleSheet("font-weight: bold; margin-top: 8px;")
        self.privacy = QLabel(PRIVACY_STATEMENT)
        self.privacy.setWordWrap(True)
        self.privacy.setAccessibleName("Privacy statement")
        self.privacy.setMinimumWidth(460)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy versions")
        self.copy_button.setAccessibleName("Copy versions")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(heading)
        layout.addWidget(self.privacy)
        layout.addWidget(buttons)

    def versions_text(self) -> str:
        """The versions as plain text, one per line."""
        return "\n".join(f"{name}: {value}" for name, value in self.rows)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.versions_text())
        self.copy_button.setText("Copied")
