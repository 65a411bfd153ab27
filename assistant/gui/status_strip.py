"""The status strip: one entry per model saying whether it is installed, warming up or ready,
and whether history is kept."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from assistant.core.telemetry import Fallback
from assistant.core.wording import part_label
from assistant.gui.elided_label import ElidedLabel


class ModelState(str, Enum):
    """Where one model is on its way to answering."""

    NOT_INSTALLED = "not installed"
    VERIFYING = "verifying"
    COMPILING = "compiling"
    LOADING = "loading"
    READY = "ready"
    FELL_BACK = "fell back"
    FAILED = "failed"


@dataclass(frozen=True)
class ModelStatus:
    """What the strip shows for one model. `devices` maps part -> device when ready;
    `fallbacks` are the engine's records of parts that left their planned device."""

    name: str
    state: ModelState
    devices: tuple[tuple[str, str], ...] = ()
    reason: str = ""
    fallbacks: tuple[Fallback, ...] = ()

    def details(self) -> str:
        """The full text for the tooltip: the reason, or every fallback with its reason."""
        if self.fallbacks:
            return "\n".join(
                f"{part_label(f.part)}: {f.from_device} → {f.to_device} ({f.reason})"
                for f in self.fallbacks
            )
        return self.reason or self.text()

    def text(self) -> str:
        """The words shown for this model."""
        if self.state is ModelState.NOT_INSTALLED:
            return f"{self.name}: not installed"
        if self.state is ModelState.VERIFYING:
            return f"{self.name}: verifying…"
        if self.state is ModelState.COMPILING:
            return f"{self.name}: compiling (first run may take up to a minute)…"
        if self.state is ModelState.LOADING:
            return f"{self.name}: loading…"
        devices = ", ".join(f"{part_label(part)} {device}" for part, device in self.devices)
        if self.state is ModelState.READY:
            return f"{self.name}: ready ({devices})" if devices else f"{self.name}: ready"
        if self.state is ModelState.FELL_BACK:
            moves = dict.fromkeys(_move(f) for f in self.fallbacks)
            first = self.fallbacks[0].reason if self.fallbacks else self.reason
            return f"{self.name}: fell back from {', '.join(moves)} ({_short(first)})"
        return f"{self.name}: failed ({_short(self.reason)})"


def _move(fallback: Fallback) -> str:
    """ "NPU to GPU", or, when the device stays and only the precision changes,
    "the faster CPU setting to exact f32"."""
    device, _, precision = fallback.to_device.partition(" (")
    if device == fallback.from_device and precision.endswith(")"):
        return f"the faster {device} setting to exact {precision[:-1]}"
    return f"{fallback.from_device} to {fallback.to_device}"


def _short(reason: str, limit: int = 60) -> str:
    """A reason elided to `limit` characters; the full text is in the tooltip."""
    return reason if len(reason) <= limit else reason[: limit - 1] + "…"


class StatusStrip(QWidget):
    """Model status entries and the history status for the window's status bar. GUI thread
    only.

    Emits `install_requested` when the user clicks Install… on a model that is not installed.
    """

    install_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._layout = QHBoxLayout()
        self.history = ElidedLabel("")
        self.history.setAccessibleName("History status")
        outer.addLayout(self._layout, 1)
        outer.addWidget(self.history)
        self._entries: dict[str, tuple[QLabel, QPushButton]] = {}
        self.statuses: dict[str, ModelStatus] = {}

    def set_status(self, status: ModelStatus) -> None:
        """Show (or update) one model's status."""
        if status.name not in self._entries:
            label = QLabel()
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAccessibleName(f"{status.name} status")
            button = QPushButton("Install…")
            button.setAccessibleName(f"Install {status.name}")
            button.clicked.connect(lambda: self.install_requested.emit(status.name))
            self._layout.addWidget(label)
            self._layout.addWidget(button)
            self._layout.addStretch(1)
            self._entries[status.name] = (label, button)
        label, button = self._entries[status.name]
        label.setText(status.text())
        label.setToolTip(status.details())
        button.setVisible(status.state in (ModelState.NOT_INSTALLED, ModelState.FAILED))
        self.statuses[status.name] = status

    def set_history(self, text: str, details: str) -> None:
        """Say whether history is kept; `details` (the full reason) goes in the tooltip."""
        self.history.set_full_text(text)
        self.history.setToolTip(details)

    def install_offered(self, name: str) -> bool:
        """Whether the Install… action is shown for model `name`."""
        entry = self._entries.get(name)
        return entry is not None and entry[1].isVisibleTo(self)

    def text_of(self, name: str) -> str:
        """The text shown for model `name` ("" if none)."""
        entry = self._entries.get(name)
        return entry[0].text() if entry else ""
