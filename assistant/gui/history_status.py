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
    """One look at the vault: its status and the notices it had not given yet."""

    status: VaultStatus
    notices: tuple[str, ...]

    def full_text(self) -> str:
        """Everything the user should know about history, in full."""
        if not self.status.history_on:
            reason = self.status.reason or "History is off."
            return reason if reason.startswith("History") else f"History off: {reason}"
        return self.status.fallback_label or "History is kept, encrypted."

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
    return HistoryReport(status, tuple(vault.take_notices()))


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
