"""Get from Hugging Face…: asks for a repo id and, for a repo outside the catalogue, whether to
use it unpinned, then hands it to the ModelGetter."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QWidget

from assistant.core.errors import BadInputError
from assistant.gui.error_banner import ErrorBanner
from assistant.gui.model_getter import ModelGetter
from assistant.gui.questions import ask_yes_no, widen
from assistant.models.hub_plan import resolve_source
from assistant.models.model_get import GetRequest, unpinned_warning


class HubGetPrompt(QObject):
    """The questions before a Get by repo id. GUI thread only; nothing blocks the event loop."""

    def __init__(self, getter: ModelGetter, window: QWidget, errors: ErrorBanner) -> None:
        super().__init__(window)
        self.getter = getter
        self.window = window
        self.errors = errors

    def ask(self) -> QInputDialog:
        """Open the repo id question; `choose` runs with the answer."""
        dialog = QInputDialog(self.window)
        dialog.setWindowTitle("Get from Hugging Face")
        dialog.setAccessibleName("Hugging Face repo id")
        dialog.setLabelText("The repo id of an M2M-100 model on Hugging Face (owner/name):")
        dialog.textValueSelected.connect(self.choose)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        widen(dialog)
        return dialog

    def choose(self, source: str) -> None:
        """Get a catalogue model at once; ask first about a repo that is not in the catalogue."""
        source = source.strip()
        if not source:
            return
        try:
            repo, entry = resolve_source(source)
        except BadInputError as error:
            self.errors.show_error(error)
            return
        self.errors.hide()
        if entry is not None:
            self.getter.get(GetRequest(entry.entry_id))
            return
        ask_yes_no(
            self.window,
            "Get a model that is not in the catalogue?",
            f"Get {repo} from Hugging Face?",
            f"{unpinned_warning(repo)}\n\nChoose Yes only if you trust its publisher.",
            lambda: self.getter.get(GetRequest(repo, allow_unpinned=True)),
        )
