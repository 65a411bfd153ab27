"""The window's History…, Glossary… and Help → About entries, each opening its own window.

GUI thread only. Each window is built on first use and reused afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor

from assistant.core.glossary import Glossary
from assistant.gui.about_dialog import AboutDialog
from assistant.gui.glossary_editor import GlossaryEditor
from assistant.gui.glossary_view import GlossaryView
from assistant.gui.history_browser import HistoryBrowser
from assistant.gui.history_view import HistoryView
from assistant.gui.main_window import MainWindow
from assistant.gui.model_listing import ModelListing
from assistant.state.clear_hooks import ClearStateHooks
from assistant.state.glossary_file import GlossaryFile
from assistant.state.vault import Vault

NO_HISTORY = "History is not available in this session."
HISTORY_HOOK = "the History window's entries"


class ViewMenu:
    """Connects the menu entries to the History browser, the Glossary editor and About.

    `vault` is None when the app runs without state (the History entry is then disabled);
    `on_glossary_saved` receives each glossary the editor wrote; with `hooks`, clear-state
    also empties the History window."""

    def __init__(
        self,
        window: MainWindow,
        vault: Vault | None,
        executor: Executor,
        glossary_file: GlossaryFile,
        listing: ModelListing,
        on_glossary_saved: Callable[[Glossary], None] | None = None,
        hooks: ClearStateHooks | None = None,
    ) -> None:
        self.window = window
        self.vault = vault
        self.executor = executor
        self.glossary_file = glossary_file
        self.listing = listing
        self.on_glossary_saved = on_glossary_saved
        self.history: HistoryBrowser | None = None
        self.glossary: GlossaryEditor | None = None
        self.about: AboutDialog | None = None
        window.history_action.triggered.connect(self.open_history)
        window.glossary_action.triggered.connect(self.open_glossary)
        window.about_action.triggered.connect(self.open_about)
        if vault is None:
            window.history_action.setEnabled(False)
            window.history_action.setToolTip(NO_HISTORY)
        if hooks is not None:
            hooks.register(HISTORY_HOOK, self._forget_history)

    def _forget_history(self) -> None:
        """Clear-state's hook (a worker thread): the window forgets on the GUI thread."""
        if self.history is not None:
            self.history.forget_requested.emit()

    def open_history(self) -> HistoryView | None:
        """Show the History window (None without a vault)."""
        if self.vault is None:
            return None
        if self.history is None:
            self.history = HistoryBrowser(self.vault, self.executor, self.window)
        return self.history.open()

    def open_glossary(self) -> GlossaryView:
        """Show the Glossary editor; an open one with unsaved changes is only raised."""
        if self.glossary is None:
            self.glossary = GlossaryEditor(self.glossary_file, self.window)
            if self.on_glossary_saved is not None:
                self.glossary.saved.connect(self.on_glossary_saved)
        editor = self.glossary
        if editor.view.isVisible() and editor.dirty:
            editor.view.raise_()
            return editor.view
        return editor.open()

    def open_about(self) -> AboutDialog:
        """Show Help → About with the versions of this run and the installed models."""
        if self.about is not None:
            self.about.deleteLater()
        self.about = AboutDialog(self.listing.models, self.window)
        self.about.open()
        return self.about
