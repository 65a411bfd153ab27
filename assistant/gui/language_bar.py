"""The language row: source (auto-detect by default, showing what was detected), swap, target."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QWidget

from assistant.gui.languages import AUTO_DETECT, language_name, sorted_languages


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
        sure = "" if confidence >= 0.5 else "?"
        self.detected.setText(f"Detected: {language_name(code)}{sure}")

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
