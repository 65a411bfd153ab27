"""Screenshots of the History window, the Glossary editor and Settings, with the real app.

Run under a virtual display from the repository root:

    xvfb-run -a -s "-screen 0 1280x900x24" \
        .venv/bin/python docs/screenshots/make_view_screenshots.py

The history entries are written through the app's own encrypted store; no model is needed.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

from screenshot_app import OUT, run_app

HISTORY = (
    ("The museum opens at nine.", "Das Museum öffnet um neun.", "en", "de"),
    ("Where is the nearest station?", "Où est la gare la plus proche ?", "en", "fr"),
    ("Guided tours start every hour.", "Las visitas guiadas empiezan cada hora.", "en", "es"),
    ("https://example.org/tickets", "https://example.org/tickets", "en", "de"),
    ("Vielen Dank für Ihre Hilfe.", "Thank you very much for your help.", "de", "en"),
)


async def scenario(shell: Any) -> None:
    from PySide6.QtWidgets import QTableWidgetItem

    from assistant.state.records import TranslationRecord

    vault = shell.backend.vault
    assert vault is not None
    for source, output, source_lang, target_lang in HISTORY:
        vault.history.add(TranslationRecord(source, output, source_lang, target_lang, "model"))

    view = shell.views.open_history()
    assert view is not None and shell.views.history is not None
    await shell.views.history.refresh()
    view.search.setText("the")
    await asyncio.sleep(0.4)
    assert shell.views.history.task is not None
    await shell.views.history.task
    view.table.selectRow(0)
    await asyncio.sleep(0.2)
    view.grab().save(str(OUT / "history.png"))
    view.hide()

    editor_view = shell.views.open_glossary()
    editor = shell.views.glossary
    assert editor is not None
    for term in ("OpenVINO", "Contoso"):
        editor_view.new_term.setText(term)
        editor.add_term()
    row = editor.add_pair()
    for column, text in enumerate(("en", "de", "laptop", "Notebook")):
        editor_view.pairs.setItem(row, column, QTableWidgetItem(text))
    editor.save()
    row = editor.add_pair()
    for column, text in enumerate(("en", "Klingon", "ticket", "")):
        item = editor_view.pairs.item(row, column)
        assert item is not None
        item.setText(text)
    editor_view.new_term.setText("openvino")
    editor_view.pairs.clearSelection()
    editor_view.pairs.setCurrentCell(-1, -1)
    await asyncio.sleep(0.2)
    editor_view.grab().save(str(OUT / "glossary-editor.png"))
    editor.dirty = False
    editor_view.hide()

    shell.settings.update(default_target_lang="ja")
    dialog = shell.settings_dialog.open()
    await asyncio.sleep(0.3)
    dialog.grab().save(str(OUT / "settings.png"))
    dialog.reject()


def main() -> int:
    return run_app(scenario)


if __name__ == "__main__":
    sys.exit(main())
