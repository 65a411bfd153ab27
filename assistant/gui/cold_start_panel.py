"""The cold-start panel: each warm-up stage with a progress bar and its elapsed time, or, on
the first run, the models the user can get."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from assistant.engine.report import PlannedDevices, WarmupStage
from assistant.gui.catalogue_view import CatalogueView
from assistant.gui.warmup_stages import STAGE_ORDER, STAGE_TEXT, compile_text


class _StageRow:
    """The widgets of one stage row."""

    def __init__(self, title: str) -> None:
        self.mark = QLabel("○")
        self.title = QLabel(title)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(f"{title} progress")
        self.bar.setMaximumHeight(10)
        self.elapsed = QLabel("")
        self.elapsed.setMinimumWidth(60)
        self.started: float | None = None
        self.finished: float | None = None


class ColdStartPanel(QFrame):
    """Shows warm-up progress. GUI thread only: feed it from a ProgressRelay signal.

    `stage_order` records the order in which stages started, for the user and for tests.
    `catalogue` lists the models to get while none is installed (a ModelGetter fills it).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coldStartPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Model warm-up progress")
        self.heading = QLabel("<b>Getting the translation model ready</b>")
        self.hint = QLabel(
            "Rule answers and remembered translations work already. "
            "Requests that need the model wait here and run as soon as it is ready."
        )
        self.hint.setWordWrap(True)
        self.stage_hint = QLabel("")
        self.stage_hint.setWordWrap(True)
        self.stage_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.stage_hint.setAccessibleName("Current warm-up step")
        self.texts = dict(STAGE_TEXT)
        self.rows = {stage: _StageRow(self.texts[stage].title) for stage in STAGE_ORDER}
        self.catalogue = CatalogueView()
        self.catalogue.hide()
        grid = QGridLayout()
        for line, key in enumerate(STAGE_ORDER):
            row = self.rows[key]
            grid.addWidget(row.mark, line, 0)
            grid.addWidget(row.title, line, 1)
            grid.addWidget(row.bar, line, 2)
            grid.addWidget(row.elapsed, line, 3)
        grid.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addLayout(grid)
        layout.addWidget(self.stage_hint)
        layout.addWidget(self.catalogue)
        self.stage_order: list[WarmupStage] = []
        self.offers_models = False
        """True while the panel says no model is installed and lists the ones to get."""
        self._current: WarmupStage | None = None
        self._ticker = QTimer(self)
        self._ticker.setInterval(100)
        self._ticker.timeout.connect(self._on_tick)

    def set_plan(self, planned: PlannedDevices) -> None:
        """Slot for the engine host's device plan: name the devices the compile stage uses."""
        text = compile_text(planned)
        self.texts[WarmupStage.COMPILE_ENCODER] = text
        self.rows[WarmupStage.COMPILE_ENCODER].title.setText(text.title)
        if self._current is WarmupStage.COMPILE_ENCODER:
            self.stage_hint.setText(text.hint)

    def title_text(self, key: WarmupStage) -> str:
        """The title of a stage's row, as shown."""
        return self.rows[key].title.text()

    def elapsed_text(self, key: WarmupStage) -> str:
        """The elapsed-time label of a stage, as shown."""
        return self.rows[key].elapsed.text()

    def reset(self) -> None:
        """Clear every row (before a new warm-up)."""
        for row in self.rows.values():
            row.mark.setText("○")
            row.bar.setRange(0, 1000)
            row.bar.setValue(0)
            row.elapsed.setText("")
            row.started = row.finished = None
        self.stage_order.clear()
        self.offers_models = False
        self._current = None
        self.stage_hint.setText("")
        self.heading.setText("<b>Getting the translation model ready</b>")
        self._show_stages(True)

    def _show_stages(self, visible: bool) -> None:
        self.hint.setVisible(visible)
        self.catalogue.setVisible(not visible)
        for row in self.rows.values():
            for widget in (row.mark, row.title, row.bar, row.elapsed):
                widget.setVisible(visible)

    def on_progress(self, key: WarmupStage, fraction: float) -> None:
        """Slot for the engine host's warm-up progress: advance to `key` at `fraction`."""
        if key != self._current:
            self._begin(key)
        row = self.rows[key]
        if 0.0 < fraction < 1.0:  # a stage that reports its progress gets a real bar
            row.bar.setRange(0, 1000)
            row.bar.setValue(round(fraction * 1000))
        if key is WarmupStage.READY:
            self._finish_current()
            self.heading.setText("<b>The translation model is ready</b>")
            self._ticker.stop()

    def fail(self, message: str) -> None:
        """Mark the running stage as failed and show why."""
        if self._current is not None:
            row = self.rows[self._current]
            row.mark.setText("✗")
            row.bar.setRange(0, 1000)  # no longer busy
        self._ticker.stop()
        self.heading.setText("<b>The translation model could not start</b>")
        self.stage_hint.setText(message)

    def not_installed(self) -> None:
        """No model yet: say what works now and how to get the rest, without alarm."""
        self._ticker.stop()
        self._show_stages(False)
        self.offers_models = True
        self.heading.setText("<b>No translation model installed yet</b>")
        self.stage_hint.setText(
            "Numbers, links, code and text already in the target language are answered now. "
            "To translate everything else, get a model below: it downloads once, then "
            "everything runs on this computer. To import a bundle instead, open Tools → "
            "Models… (Ctrl+M)."
        )

    def _begin(self, key: WarmupStage) -> None:
        now = time.perf_counter()
        if self._current is not None:
            self._finish_current(now)
        # Stages the engine skipped (e.g. nothing to compile) count as done.
        for earlier in STAGE_ORDER[: STAGE_ORDER.index(key)]:
            if self.rows[earlier].finished is None and self.rows[earlier].started is None:
                self.rows[earlier].mark.setText("✓")
                self.rows[earlier].bar.setValue(1000)
        row = self.rows[key]
        row.started = now
        row.mark.setText("▶")
        row.bar.setRange(0, 0)  # busy, never "done", until it reports progress or ends
        self._current = key
        self.stage_order.append(key)
        self.stage_hint.setText(self.texts[key].hint)
        if not self._ticker.isActive():
            self._ticker.start()

    def _finish_current(self, now: float | None = None) -> None:
        if self._current is None:
            return
        row = self.rows[self._current]
        row.finished = now or time.perf_counter()
        row.mark.setText("✓")
        row.bar.setRange(0, 1000)
        row.bar.setValue(1000)
        self._show_elapsed(row)
        if self._current is WarmupStage.READY:
            row.elapsed.setText("")
        self._current = None

    def _show_elapsed(self, row: _StageRow) -> None:
        if row.started is None:
            return
        end = row.finished or time.perf_counter()
        seconds = end - row.started
        row.elapsed.setText(f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s")

    def _on_tick(self) -> None:
        if self._current is not None:
            self._show_elapsed(self.rows[self._current])
