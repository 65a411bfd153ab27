"""Typed errors. Each carries a `user_message` saying what happened and what to do."""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every expected failure; the GUI and CLI show `user_message` and nothing else."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class BadInputError(AssistantError):
    """The user's input cannot be processed as given (empty, binary, unknown language...)."""


class ModelNotInstalledError(AssistantError):
    """A model the request needs is not installed."""


class ModelVerificationError(AssistantError):
    """A model bundle failed signature or hash verification and was refused."""


class EngineError(AssistantError):
    """The inference engine failed in a way the user should hear about."""


class TriageUnavailableError(EngineError):
    """The triage model could not be loaded; requests go on without it until a restart."""


class CancelledError(AssistantError):
    """The user cancelled a long operation."""


class StateError(AssistantError):
    """Settings, history or keyring storage could not be read or written."""
