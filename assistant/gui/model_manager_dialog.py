"""The model manager's layout: installed models and their verification, the catalogue to get
models from, and the other install actions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from assistant.gui.catalogue_view import CatalogueView
from assistant.gui.error_banner import ErrorBanner
from assistant.gui.operation_progress import OperationProgress

COLUMNS = ("Model", "Kind", "Recipe", "Size", "Verification")


class ModelManagerDialog(QDialog):
    """A view: the table of models, the catalogue, action buttons, a progress row and a
    message strip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Models")
        self.setAccessibleName("Model manager")
        self.resize(820, 700)
        intro = QLabel(
            "Models are signed bundles. Each one is verified (signature and every file's "
            "hash) before it is installed and again before every load."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Installed models")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.empty = QLabel("No model is installed yet. Get one below, or import a bundle.")
        self.catalogue = CatalogueView()
        self.get_from_hub_button = self._button(
            "Get from &Hugging Face…", "Get a model from Hugging Face by repo id"
        )
        self.trust_key_button = self._button(
            "&Trust a publisher key…", "Trust a publisher's public key file"
        )
        self.import_file_button = self._button("Import &file…", "Import a bundle archive")
        self.import_folder_button = self._button("Import f&older…", "Import a bundle folder")
        self.install_url_button = self._button("Install from &URL…", "Install from a URL")
        self.convert_button = self._button(
            "&Convert Hugging Face folder…", "Convert a Hugging Face model folder"
        )
        self.verify_button = self._button("&Verify", "Verify the selected model")
        self.remove_button = self._button("&Remove", "Remove the selected model")
        self.progress = OperationProgress()
        self.errors = ErrorBanner()
        self.error_action = QPushButton("")
        self.error_action.setAccessibleName("Fix the problem")
        self.error_action.hide()
        self.notice = QLabel("")
        self.notice.setAccessibleName("Last result")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        actions = QGridLayout()
        for index, button in enumerate(
            (
                self.get_from_hub_button,
                self.import_file_button,
                self.import_folder_button,
                self.trust_key_button,
                self.install_url_button,
                self.convert_button,
            )
        ):
            actions.addWidget(button, index // 3, index % 3)
        actions.setColumnStretch(3, 1)
        selected = QHBoxLayout()
        selected.addWidget(self.verify_button)
        selected.addWidget(self.remove_button)
        selected.addStretch(1)
        errors = QHBoxLayout()
        errors.addWidget(self.errors, 1)
        errors.addWidget(self.error_action)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(selected)
        layout.addWidget(_heading("Get a model"))
        layout.addWidget(self.catalogue)
        layout.addWidget(_heading("More ways to add a model"))
        layout.addLayout(actions)
        layout.addWidget(self.progress)
        layout.addLayout(errors)
        layout.addWidget(self.notice)
        layout.addWidget(close)

    @staticmethod
    def _button(text: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        return button

    def action_buttons(self) -> tuple[QPushButton, ...]:
        """Buttons that start an operation (disabled while one runs)."""
        return (
            self.get_from_hub_button,
            self.trust_key_button,
            self.import_file_button,
            self.import_folder_button,
            self.install_url_button,
            self.convert_button,
            self.verify_button,
            self.remove_button,
        )


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold; margin-top: 6px;")
    return label
