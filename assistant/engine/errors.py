"""Typed engine failures, each with a message that says what happened and what to do."""

from __future__ import annotations

from assistant.core.errors import BadInputError, EngineError


class UnsupportedLanguageError(BadInputError):
    """A language code the loaded model does not know."""

    def __init__(self, code: str) -> None:
        super().__init__(
            f"The language code {code!r} is not one this model translates. "
            "Pick one of the model's languages (for example 'en', 'de' or 'zh')."
        )
        self.code = code


class ModelFilesError(EngineError):
    """The model folder lacks a file the engine needs, or a file cannot be read."""

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(
            f"The model file {path} could not be loaded ({detail}). "
            "Reinstall the model bundle from the Models page or with `assistant models install`."
        )
        self.path = path


class NoDeviceError(EngineError):
    """Every device in a model part's plan failed to compile it."""

    def __init__(self, part: str, reasons: str) -> None:
        super().__init__(
            f"The {part} could not be prepared on any device ({reasons}). "
            "Update OpenVINO or your device drivers, or choose the CPU in Settings."
        )
        self.part = part


class PreflightError(EngineError):
    """The model gave wrong answers on its golden vectors, even on the CPU."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The model failed its self-check ({detail}). "
            "The installed files may be damaged: reinstall the model bundle."
        )
