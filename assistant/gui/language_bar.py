"""The language row: source (auto-detect by default, showing what was detected), swap, target."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QWidget

from assistant.core.languages import M2M100_LANGUAGES
from assistant.core.result import Result
from assistant.gui.languages import AUTO_DETECT, language_name, sorted_languages

IDENTIFIED_BY = "langid"
"""The trace's name of the rule tool that identifies a language."""


def detected_text(code: str, confidence: float) -> str:
    """ "Detected: German", with "?" when the identifier was unsure."""
    sure = "" if confidence >= 0.5 else "?"
    return f"Detected: {language_name(code)}{sure}"


class LanguageBar(QWidget):
    """Source and target pickers. GUI thread only. Emits `pair_changed` on every user change."""

    pair_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = QComboBox()
        self.source.setAccessibleName("Source language")
        self.source.setToolTip("The language of your text (Alt+S)")
        self.swap = QToolButton()
        self.swap.setText("⇄")
        self.swap.setAccessibleName("Swap languages")
        self.swap.setToolTip("Swap source and target (Ctrl+Shift+S)")
        self.target = QComboBox()
        self.target.setAccessibleName("Target language")
        self.target.setToolTip("The language to translate into (Alt+T)")
        self.detected = QLabel("")
        self.detected.setAccessibleName("Detected language")
        self.detected.setTextFormat(Qt.TextFormat.PlainText)
        self._reserve_detected_space()
        source_label = QLabel("&From")
        source_label.setBuddy(self.source)
        target_label = QLabel("&To")
        target_label.setBuddy(self.target)
        for label in (source_label, target_label):
            label.setMinimumWidth(label.sizeHint().width() + 6)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(source_label)
        layout.addWidget(self.source, 1)
        layout.addWidget(self.swap)
        layout.addWidget(target_label)
        layout.addWidget(self.target, 1)
        layout.addWidget(self.detected)
        self.swap.clicked.connect(self._on_swap_clicked)
        self.source.currentIndexChanged.connect(self._on_changed)
        self.target.currentIndexChanged.connect(self._on_changed)

    def set_languages(self, codes: frozenset[str]) -> None:
        """Fill both pickers, keeping the current choice where possible."""
        source, target = self.source_lang(), self.target_lang()
        self.source.blockSignals(True)
        self.target.blockSignals(True)
        self.source.clear()
        self.target.clear()
        self.source.addItem("Auto-detect", AUTO_DETECT)
        for code, label in sorted_languages(codes):
            self.source.addItem(label, code)
            self.target.addItem(label, code)
        self.source.blockSignals(False)
        self.target.blockSignals(False)
        self.set_pair(source, target)

    def source_lang(self) -> str | None:
        """The chosen source code, or None for auto-detect."""
        code = self.source.currentData()
        return code or None

    def target_lang(self) -> str | None:
        """The chosen target code."""
        code = self.target.currentData()
        return code or None

    def set_pair(self, source: str | None, target: str | None) -> None:
        """Select a pair (None source = auto-detect); unknown codes are ignored."""
        index = self.source.findData(source or AUTO_DETECT)
        if index >= 0:
            self.source.setCurrentIndex(index)
        if target:
            index = self.target.findData(target)
            if index >= 0:
                self.target.setCurrentIndex(index)

    def show_detected(self, code: str | None, confidence: float = 1.0) -> None:
        """Say which language was detected (only while the source is auto-detect)."""
        self.detected.setProperty("detected_code", code)
        if code is None or self.source_lang() is not None:
            self.detected.setText("")
            return
        self.detected.setText(detected_text(code, confidence))

    def show_answer(self, result: Result) -> None:
        """Show the language the identifier found for `result`; nothing when no language was
        identified (URLs, numbers, code and other text the rules pass through unchanged)."""
        identified = IDENTIFIED_BY in result.trace.tools
        self.show_detected(result.source_lang if identified else None, result.confidence)

    def _reserve_detected_space(self) -> None:
        """Fix the label's width to its longest text, so showing it moves no other control."""
        metrics = self.detected.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(detected_text(code, 0.0)) for code in M2M100_LANGUAGES
        )
        self.detected.setFixedWidth(widest + 4)

    def _on_swap_clicked(self) -> None:
        source = self.source_lang()
        target = self.target_lang()
        detected = self.detected.property("detected_code")
        new_target = source or detected
        if new_target is None or target is None:
            return
        self.set_pair(target, new_target)
        self.pair_changed.emit()

    def _on_changed(self) -> None:
        if self.source_lang() is not None:
            self.detected.setText("")
        self.pair_changed.emit()
