"""Typed refusals and failures of model bundles, each naming the file and what to do."""

from __future__ import annotations

from assistant.core.errors import AssistantError, CancelledError, ModelVerificationError

__all__ = [
    "BundleRefusedError",
    "CancelledError",
    "CheckpointError",
    "DownloadError",
    "ExportError",
    "SigningUnavailableError",
]


class BundleRefusedError(ModelVerificationError):
    """A bundle failed a check; `file` names the offending bundle path when there is one."""

    def __init__(self, user_message: str, *, file: str | None = None, reason: str = "") -> None:
        super().__init__(user_message)
        self.file = file
        self.reason = reason


class SigningUnavailableError(AssistantError):
    """The per-install signing key cannot be created or read (no OS keychain)."""


class DownloadError(AssistantError):
    """A model download failed: network, server, or a pinned hash that did not match."""


class ExportError(AssistantError):
    """Converting a Hugging Face model folder into a bundle failed."""


class CheckpointError(AssistantError):
    """A Hugging Face checkpoint folder cannot be read: missing, malformed or refused weights.

    `file` names the offending file when there is one.
    """

    def __init__(self, user_message: str, *, file: str | None = None) -> None:
        super().__init__(user_message)
        self.file = file
