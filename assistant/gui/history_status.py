"""Whether history is kept: the vault's status in the status strip and the settings dialog,
and its repair notices in the error banner."""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor
from dataclasses import dataclass

from assistant.gui.error_banner import ErrorBanner
from assistant.gui.status_strip import StatusStrip
from assistant.gui.tasks import spawn
from assistant.state.vault import Vault, VaultStatus


@dataclass(frozen=True)
class HistoryReport:
    """One look at the vault: its status, whether the user turned history off, and the
    notices it had not given yet. The translation memory is kept only while history is."""

    status: VaultStatus
    notices: tuple[str, ...]
    off_by_choice: bool = False

    @property
    def off_against_the_setting(self) -> bool:
        """History is wanted (the setting is on) but cannot be kept now (e.g. no keychain)."""
        return not self.status.history_on and not self.off_by_choice

    def full_text(self) -> str:
        """Everything the user should know about history and memory, in full."""
        if self.off_by_choice:
            return "History and translation memory are off in the settings; nothing is stored."
        if not self.status.history_on:
            reason = self.status.reason or "they cannot be stored now."
            return f"History and translation memory are off: {reason}"
        return self.status.fallback_label or "History and translation memory are kept, encrypted."

    def short_text(self) -> str:
        """The status strip's words; the full text goes in its tooltip."""
        if not self.status.history_on:
            return self.full_text()  # the strip elides it to the room it has
        if self.status.fallback_label:
            return "History on (key in a plain file: less safe)"
        return "History on (encrypted)"


def look_at(vault: Vault) -> HistoryReport:
    """Ask the vault (may touch the keychain: call off the GUI thread)."""
    status = vault.status()  # may open (and repair) the database, which adds notices
    return HistoryReport(
        status, tuple(vault.take_notices()), off_by_choice=not vault.settings.history_enabled
    )


class HistoryStatusController:
    """Refreshes what the window says about history. GUI thread only; the vault is asked on
    `executor` (the request thread), because the keychain may be slow to answer."""

    def __init__(
        self, vault: Vault, strip: StatusStrip, errors: ErrorBanner, executor: Executor
    ) -> None:
        self.vault = vault
        self.strip = strip
        self.errors = errors
        self.executor = executor
        self.last: HistoryReport | None = None
        self.task: asyncio.Task[None] | None = None

    def refresh(self) -> asyncio.Task[None]:
        """Look at the vault again (start-up, settings saved, state cleared)."""
        self.task = spawn(self._refresh(), self.errors.show_error)
        return self.task

    async def _refresh(self) -> None:
        loop = asyncio.get_running_loop()
        report = await loop.run_in_executor(self.executor, look_at, self.vault)
        self.last = report
        self.strip.set_history(report.short_text(), report.full_text())
        if report.notices:
            self.errors.show_message("\n".join(report.notices))
