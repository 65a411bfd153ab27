"""One running app per data directory. A second launch hands its command to the first one.

This is what makes a desktop-wide hotkey possible where Qt cannot grab keys itself: bind the
desktop's own shortcut to `assistant-gui --translate-clipboard` and the running app answers.
GUI thread only.
"""

from __future__ import annotations

import hashlib
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from assistant.paths import AppPaths

log = logging.getLogger(__name__)

SHOW = "show"
TRANSLATE_CLIPBOARD = "translate-clipboard"
COMMANDS = frozenset({SHOW, TRANSLATE_CLIPBOARD})
CONNECT_TIMEOUT_MS = 500


def server_name(paths: AppPaths) -> str:
    """A local-socket name unique to this user's data directory."""
    digest = hashlib.sha256(str(paths.data).encode()).hexdigest()[:16]
    return f"offline-translation-assistant-{digest}"


def handed_message(command: str) -> str:
    """The one line a second launch prints after handing `command` to the running app."""
    if command == TRANSLATE_CLIPBOARD:
        return "The assistant is already running; it shows the clipboard's translation."
    return "The assistant is already running; its window was raised."


def send_to_running(paths: AppPaths, command: str) -> bool:
    """Give `command` to an app already running on `paths`; False when none is running."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(paths))
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(f"{command}\n".encode())
    delivered = socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return delivered


class SingleInstance(QObject):
    """Listens for commands from later launches and emits them as `command_received`."""

    command_received = Signal(str)

    def __init__(self, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_new_connection)
        name = server_name(paths)
        QLocalServer.removeServer(name)  # a crashed run may have left a stale socket file
        if not self._server.listen(name):
            log.warning("single-instance socket unavailable: %s", self._server.errorString())

    def close(self) -> None:
        """Stop listening (on quit)."""
        self._server.close()

    def _on_new_connection(self) -> None:
        socket = self._server.nextPendingConnection()
        if socket is None:
            return
        socket.readyRead.connect(lambda: self._on_ready_read(socket))

    def _on_ready_read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            command = bytes(socket.readLine().data()).decode(errors="replace").strip()
            if command in COMMANDS:
                self.command_received.emit(command)
            else:
                log.warning("ignored unknown single-instance command (%d chars)", len(command))
        socket.disconnectFromServer()
