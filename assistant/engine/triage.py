"""The triage LLM: reads a free-form request the rules could not read for sure and picks, in
a closed JSON schema of enums, one of the numbered spans the rules offered and one of the
offered languages. It never produces free text, let alone a translation.

`openvino_genai.LLMPipeline`, NPU when present, otherwise CPU. Thread rules: one request at a
time (a lock guards the pipeline); each request is a fresh chat history and
`finish_chat()` runs after it, so no conversation state lingers.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import warnings
from pathlib import Path
from typing import Any

from assistant.core.errors import EngineError
from assistant.core.instructions import Intent
from assistant.core.triage import TriageDecision
from assistant.core.triage_question import MAX_QUESTION_CHARS, TriageQuestion, triage_question

log = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "You read requests to a translator. Answer in JSON: span is the number of the text to "
    "translate, target_lang the language it should be translated into."
)
MAX_NEW_TOKENS = 32
MAX_INPUT_CHARS = MAX_QUESTION_CHARS


def decision_schema(question: TriageQuestion) -> dict[str, Any]:
    """The closed JSON schema the LLM's output is constrained to: a candidate number and one
    of the offered language codes, so every answer is valid by construction."""
    return {
        "type": "object",
        "properties": {
            "span": {"type": "integer", "enum": list(range(1, len(question.spans) + 1))},
            "target_lang": {"type": "string", "enum": list(question.languages)},
        },
        "required": ["span", "target_lang"],
        "additionalProperties": False,
    }


def decision_pattern(question: TriageQuestion) -> str:
    """The schema as one compact regular expression: the same enums with no room for free
    whitespace, so the answer also fits in a few tokens and is never cut off."""
    spans = "|".join(str(i) for i in range(1, len(question.spans) + 1))
    languages = "|".join(re.escape(code) for code in question.languages)
    return f'\\{{"span": ({spans}), "target_lang": "({languages})"\\}}'


def parse_decision(raw: str, question: TriageQuestion) -> TriageDecision:
    """The LLM's JSON as a decision; raises EngineError when it is not the schema's shape."""
    try:
        data = json.loads(raw)
        index = int(data["span"])
        if not 1 <= index <= len(question.spans):
            raise ValueError(f"span {index} is not one of the {len(question.spans)} offered")
        language = str(data["target_lang"])
        if language not in question.languages:
            raise ValueError(f"{language!r} is not one of the offered languages")
        return TriageDecision(Intent.TRANSLATE, language, question.spans[index - 1])
    except (ValueError, KeyError, TypeError) as error:
        raise EngineError(f"The triage model gave an unreadable answer ({error}).") from error


def choose_device(available: list[str]) -> str:
    """NPU when present, otherwise CPU."""
    return "NPU" if any(d.startswith("NPU") for d in available) else "CPU"


def _load_error(model_path: Path, error: RuntimeError) -> EngineError:
    first_line = str(error).strip().splitlines()[-1:] or ["unknown error"]
    return EngineError(
        f"The triage model at {model_path} could not be loaded ({first_line[0]}). "
        "Re-install it from Models…; requests still work without it."
    )


class TriageLLM:
    """A loaded triage model (GGUF file or OpenVINO IR folder)."""

    def __init__(self, model_path: Path, device: str | None = None) -> None:
        import openvino as ov
        import openvino_genai as genai

        self._genai = genai
        chosen = device or choose_device(ov.Core().available_devices)
        try:
            self._pipe: Any = genai.LLMPipeline(str(model_path), chosen)
        except RuntimeError as error:
            if chosen == "CPU":
                raise _load_error(model_path, error) from error
            log.warning("triage model failed on %s, using CPU: %s", chosen, error)
            chosen = "CPU"
            try:
                self._pipe = genai.LLMPipeline(str(model_path), chosen)
            except RuntimeError as retry_error:
                raise _load_error(model_path, retry_error) from retry_error
        self._device = chosen
        self._lock = threading.Lock()

    @property
    def device(self) -> str:
        """Where the pipeline runs."""
        return self._device

    def triage(self, text: str) -> TriageDecision:
        """Read one request; conversation state is dropped afterwards."""
        question = triage_question(text)
        genai = self._genai
        config = genai.GenerationConfig()
        config.max_new_tokens = MAX_NEW_TOKENS
        config.do_sample = False
        config.structured_output_config = genai.StructuredOutputConfig(
            regex=decision_pattern(question)
        )
        history = genai.ChatHistory(
            [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": question.prompt()},
            ]
        )
        with self._lock:
            if self._pipe is None:
                raise EngineError("The triage model was unloaded; restart the app to use it.")
            try:
                raw = str(self._pipe.generate(history, config))
            except RuntimeError as error:
                raise EngineError(f"The triage model failed ({error}).") from error
            finally:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    self._pipe.finish_chat()
        return parse_decision(raw, question)

    def close(self) -> None:
        """End any chat and drop the pipeline (clear-state calls this)."""
        with self._lock:
            pipe, self._pipe = self._pipe, None
            if pipe is not None:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    pipe.finish_chat()

    @property
    def closed(self) -> bool:
        """Whether `close` dropped the pipeline."""
        return self._pipe is None
