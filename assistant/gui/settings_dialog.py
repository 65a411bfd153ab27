"""Settings: default target, quality, device, history (and its keychain fallback), audit log,
tray and start-at-login."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from assistant.core.errors import AssistantError
from assistant.core.languages import M2M100_LANGUAGES
from assistant.gui.history_status import HistoryReport
from assistant.gui.languages import sorted_languages
from assistant.gui.settings_model import SettingsModel
from assistant.state.autostart import Autostart
from assistant.state.settings import MAX_RETENTION_DAYS

QUALITY_CHOICES = (("fast", "Fast (greedy)"), ("best", "Best (beam search, 4 beams)"))
DEVICE_CHOICES = (("auto", "Auto (NPU when present)"), ("npu", "NPU"), ("cpu", "CPU"))


class SettingsDialog(QDialog):
    """A view of the settings form."""

    def __init__(self, languages: frozenset[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        self.target = QComboBox()
        self.target.setAccessibleName("Default target language")
        for code, label in sorted_languages(languages):
            self.target.addItem(label, code)
        self.quality = QComboBox()
        self.quality.setAccessibleName("Quality")
        for value, label in QUALITY_CHOICES:
            self.quality.addItem(label, value)
        self.device = QComboBox()
        self.device.setAccessibleName("Device preference")
        for value, label in DEVICE_CHOICES:
            self.device.addItem(label, value)
        self.history = QCheckBox("Keep a history of translations (encrypted)")
        self.history.setAccessibleName("Keep history")
        self.history_note = QLabel("")
        self.history_note.setWordWrap(True)
        self.history_note.setAccessibleName("History status")
        self.fallback = QCheckBox(
            "Without a keychain, keep history with a key stored beside it (less safe: anyone "
            "who can read your files can read your history)"
        )
        self.fallback.setAccessibleName("Keep history without a keychain (less safe)")
        self.audit = QCheckBox("Keep an audit log of translations (encrypted)")
        self.audit.setAccessibleName("Keep an audit log")
        self.audit_days = QSpinBox()
        self.audit_days.setRange(1, MAX_RETENTION_DAYS)
        self.audit_days.setSuffix(" days")
        self.audit_days.setAccessibleName("Keep audit entries for")
        self.audit.toggled.connect(self.audit_days.setEnabled)
        self.keep_in_tray = QCheckBox("Keep running in the tray when the window is closed")
        self.keep_in_tray.setAccessibleName("Keep running in the tray")
        self.start_at_login = QCheckBox("Start at login (in the tray)")
        self.start_at_login.setAccessibleName("Start at login")
        self.start_at_login_hint = QLabel("")
        self.start_at_login_hint.setWordWrap(True)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Default &target language", self.target)
        form.addRow("&Quality", self.quality)
        form.addRow("&Device (applies at next start)", self.device)
        form.addRow(self.history)
        form.addRow(self.history_note)
        form.addRow(self.fallback)
        form.addRow(self.audit)
        form.addRow("Keep audit &entries for", self.audit_days)
        form.addRow(self.keep_in_tray)
        form.addRow(self.start_at_login)
        form.addRow(self.start_at_login_hint)
        form.addRow(self.problem)
        form.addRow(buttons)


class SettingsController:
    """Fills the dialog from SettingsModel and saves what the user chose. GUI thread only."""

    def __init__(
        self,
        parent: QWidget,
        model: SettingsModel,
        history: Callable[[], HistoryReport | None],
        tray_available: bool,
        autostart: Autostart | None = None,
        languages: frozenset[str] = M2M100_LANGUAGES,
    ) -> None:
        self.parent = parent
        self.model = model
        self.history = history
        """The last look at whether history is kept (None before the first)."""
        self.tray_available = tray_available
        self.autostart = autostart or Autostart.for_this_install()
        self.languages = languages
        """The default-target choices: every language M2M-100 translates into."""
        self.dialog: SettingsDialog | None = None

    def open(self) -> SettingsDialog:
        """Show the dialog (non-modal to the rest of the app)."""
        dialog = SettingsDialog(self.languages, self.parent)
        s = self.model.settings
        dialog.target.setCurrentIndex(max(0, dialog.target.findData(s.default_target_lang)))
        dialog.quality.setCurrentIndex(max(0, dialog.quality.findData(s.quality)))
        dialog.device.setCurrentIndex(max(0, dialog.device.findData(s.device_preference)))
        dialog.history.setChecked(s.history_enabled)
        dialog.fallback.setChecked(s.allow_unencrypted_fallback)
        dialog.audit.setChecked(s.audit_log_enabled)
        dialog.audit_days.setValue(s.audit_retention_days)
        dialog.audit_days.setEnabled(s.audit_log_enabled)
        report = self.history()
        if report is not None:
            dialog.history_note.setText(report.full_text())
            if report.off_against_the_setting:  # the box would say "kept" above "off"
                dialog.history.setEnabled(False)
                dialog.history.setText("Keep a history of translations (not possible now)")
        dialog.keep_in_tray.setChecked(s.keep_in_tray)
        dialog.keep_in_tray.setEnabled(self.tray_available)
        if not self.tray_available:
            dialog.keep_in_tray.setText("Keep running in the tray (this desktop has no tray)")
        dialog.start_at_login.setChecked(self.autostart.supported and self.autostart.is_enabled())
        dialog.start_at_login.setEnabled(self.autostart.supported)
        if not self.autostart.supported:
            dialog.start_at_login_hint.setText(
                "Add the app to your login items in the system settings."
            )
        dialog.accepted.connect(self._on_accepted)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_accepted(self) -> None:
        d = self.dialog
        assert d is not None
        try:
            wanted = d.start_at_login.isChecked()
            if self.autostart.supported and wanted != self.autostart.is_enabled():
                self.autostart.set_enabled(wanted)
            self.model.update(
                default_target_lang=d.target.currentData()
                or self.model.settings.default_target_lang,
                quality=d.quality.currentData(),
                device_preference=d.device.currentData(),
                history_enabled=d.history.isChecked(),
                allow_unencrypted_fallback=d.fallback.isChecked(),
                audit_log_enabled=d.audit.isChecked(),
                audit_retention_days=d.audit_days.value(),
                keep_in_tray=d.keep_in_tray.isChecked(),
                start_at_login=wanted,
            )
        except (AssistantError, ValueError) as error:
            message = error.user_message if isinstance(error, AssistantError) else str(error)
            d.problem.setText(f"Not saved: {message}")
            d.show()
