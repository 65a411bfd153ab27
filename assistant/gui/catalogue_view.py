"""The models the app can get, one row each: what it is, its sizes, and Get with its progress.

A view (layout only): `ModelGetter` decides what each row shows. The first-run panel and the
Models… dialog each hold one.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from assistant.core.cancel import CancelToken
from assistant.gui.operation_progress import OperationProgress
from assistant.gui.sizes import size_text
from assistant.models.catalogue import CatalogueEntry

RECOMMENDED = "★ Recommended"
BADGE_STYLE = (
    "background: palette(highlight); color: palette(highlighted-text); border-radius: 3px; "
    "padding: 0px 5px;"
)


@dataclass(frozen=True)
class RowText:
    """What a row says about its model before anything is fetched."""

    title: str
    facts: str
    summary: str
    recommended: bool = False


def entry_text(entry: CatalogueEntry, recipe: str) -> RowText:
    """A catalogue entry's row: download and installed size, languages, licence."""
    count = len(entry.languages)
    languages = "1 language" if count == 1 else f"{count} languages"
    facts = (
        f"Download {size_text(entry.download_bytes)} · installed "
        f"{size_text(entry.installed_size(recipe))} · {languages} · {entry.licence}"
    )
    return RowText(entry.title, facts, entry.summary, entry.recommended)


def repo_text(repo: str) -> RowText:
    """The row of a Hub repo the user named that is not in the catalogue."""
    return RowText(
        repo,
        "From Hugging Face · not in the catalogue: checked against the Hub's own hashes",
        "An M2M-100 model you named by its repo id.",
    )


class CatalogueRow(QFrame):
    """One model: title, facts, and either Get, its progress, its failure with Resume, or
    that it is installed. GUI thread only."""

    def __init__(self, text: RowText) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(text.title)
        self.title = QLabel(text.title)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setStyleSheet("font-weight: bold;")
        self.badge = QLabel(RECOMMENDED if text.recommended else "")
        self.badge.setAccessibleName("Recommended")
        self.badge.setStyleSheet(BADGE_STYLE)
        self.badge.setVisible(text.recommended)
        self.summary = QLabel(text.summary)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.facts = QLabel(text.facts)
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setWordWrap(True)
        self.get_button = QPushButton("Get")
        self.get_button.setAccessibleName(f"Get {text.title}")
        self.installed = QLabel("")
        self.installed.setTextFormat(Qt.TextFormat.PlainText)
        self.installed.setAccessibleName(f"{text.title} installed")
        self.progress = OperationProgress()
        self.failure = QLabel("")
        self.failure.setTextFormat(Qt.TextFormat.PlainText)
        self.failure.setWordWrap(True)
        self.failure.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.failure.setAccessibleName(f"Why getting {text.title} failed")
        self.resume_button = QPushButton("Resume")
        self.resume_button.setAccessibleName(f"Resume getting {text.title}")
        heading = QHBoxLayout()
        heading.setSpacing(8)
        heading.addWidget(self.title)
        heading.addWidget(self.badge)
        heading.addStretch(1)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 8, 4)
        grid.setVerticalSpacing(2)
        grid.addLayout(heading, 0, 0)
        grid.addWidget(self.get_button, 0, 1)
        grid.addWidget(self.installed, 0, 1)
        grid.addWidget(self.summary, 1, 0, 1, 2)
        grid.addWidget(self.facts, 2, 0, 1, 2)
        grid.addWidget(self.progress, 3, 0, 1, 2)
        grid.addWidget(self.failure, 4, 0)
        grid.addWidget(self.resume_button, 4, 1)
        grid.setColumnStretch(0, 1)
        self._show(get=True)

    def _show(self, get: bool = False, installed: bool = False, failed: bool = False) -> None:
        self.get_button.setVisible(get)
        self.installed.setVisible(installed)
        self.failure.setVisible(failed)
        self.resume_button.setVisible(failed)
        self.progress.end()

    def show_idle(self, can_get: bool) -> None:
        """Offer Get (disabled while another model operation runs)."""
        self._show(get=True)
        self.get_button.setEnabled(can_get)

    def show_installed(self, text: str) -> None:
        """Say that the model is installed, instead of offering Get."""
        self._show(installed=True)
        self.installed.setText(text)

    def show_failed(self, message: str, can_get: bool) -> None:
        """Show why the last Get failed, and offer Resume."""
        self._show(failed=True)
        self.failure.setText(f"⚠ {message}")
        self.resume_button.setEnabled(can_get)

    def show_running(self, what: str, token: CancelToken) -> None:
        """Show the progress row of a Get whose Cancel sets `token`."""
        self._show()
        self.progress.begin(what, token)


class CatalogueView(QFrame):
    """The rows, in catalogue order (Hub repos the user named come last), and a notice line.

    Emits `get_requested(key)` when Get or Resume is clicked on the row called `key`."""

    get_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Models you can get")
        self.rows: dict[str, CatalogueRow] = {}
        self.notice = QLabel("")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Last Get")
        self.notice.hide()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._layout.addWidget(self.notice)

    def row(self, key: str, text: RowText) -> CatalogueRow:
        """The row called `key`, added (showing `text`) if it is new."""
        if key not in self.rows:
            row = CatalogueRow(text)
            row.get_button.clicked.connect(lambda: self.get_requested.emit(key))
            row.resume_button.clicked.connect(lambda: self.get_requested.emit(key))
            self._layout.insertWidget(len(self.rows), row)
            self.rows[key] = row
        return self.rows[key]

    def set_notice(self, text: str) -> None:
        """Show (or, with "", hide) the line under the rows."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
