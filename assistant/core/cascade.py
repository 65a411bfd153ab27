"""The cascade agent: cheap tiers first (rules, memory, triage) and M2M-100 only when needed.

Thread rules: `run` is synchronous and may be called from any one worker thread at a time per
translator; the rule and memory tiers never touch the translator, so they answer even while
the engine is still warming up.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from assistant.core.cancel import CancelToken
from assistant.core.errors import AssistantError, ModelNotInstalledError, TriageUnavailableError
from assistant.core.glossary import Glossary
from assistant.core.instructions import (
    Instruction,
    Intent,
    looks_like_instruction,
    plausible_instruction,
)
from assistant.core.instructions import parse_instruction as parse
from assistant.core.langid import LanguageIdentifier
from assistant.core.languages import M2M100_LANGUAGES, english_name, resolve_language
from assistant.core.memory import MemoryKey, TranslationMemory
from assistant.core.model_tier import ModelCall, run_model
from assistant.core.passthrough import is_blank, is_untranslatable
from assistant.core.progress import ProgressCallback
from assistant.core.request import Request
from assistant.core.result import Result, Tier, Trace, Understood
from assistant.core.snippets import is_code_snippet
from assistant.core.translation import SentenceCallback, Translator
from assistant.core.triage import TriageModel, validate_decision

NO_MODEL_MESSAGE = (
    "This text needs the translation model, and none is installed. The rules and the "
    "translation memory answered what they could. Install a model with "
    "`assistant models import BUNDLE` (or Models… in the window), then try again."
)


@dataclass
class Cascade:
    """Answers Requests. Tiers: rule tools, translation memory, triage LLM, translator."""

    identifier: LanguageIdentifier
    translator: Translator | None = None
    memory: TranslationMemory | None = None
    triage: TriageModel | None = None
    glossary: Glossary = field(default_factory=Glossary)
    default_target: str = "en"
    model_version: str | None = None
    """The installed model's version for memory keys before the translator is loaded."""
    startup_notes: tuple[str, ...] = ()
    """Remarks added to every trace (e.g. "no triage model installed")."""

    def run(
        self,
        request: Request,
        on_sentence: SentenceCallback | None = None,
        cancel: CancelToken | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Result:
        """Answer one request; `cancel` stops its model work (CancelledError). Raises
        AssistantError subclasses with a user_message."""
        started = time.perf_counter()
        trace = Trace(tier=Tier.RULE)
        for note in self.startup_notes:
            trace.note(note)
        call = ModelCall(
            "", "", "", request.options, on_sentence, cancel or CancelToken(), on_progress
        )
        result = self._answer(request, trace, call)
        trace.timings_ms["total"] = (time.perf_counter() - started) * 1000
        return result

    def _answer(self, request: Request, trace: Trace, call: ModelCall) -> Result:
        rules_started = time.perf_counter()
        target = resolve_language(request.target_lang or self.default_target)
        source = resolve_language(request.source_lang) if request.source_lang else None
        text = request.text
        if is_blank(text):
            trace.used("blank")
            trace.note("nothing to translate: the input is empty")
            return self._rule_result(text, source or target, target, trace, rules_started)
        instruction = self._instruction(request, trace) if request.parse_instructions else None
        if instruction is not None:
            text = instruction.text
            if instruction.target_lang is not None:
                target = resolve_language(instruction.target_lang)
            source = instruction.source_lang or source
            if instruction.intent is Intent.DETECT_LANGUAGE:
                return self._detect_answer(text, request, trace, target)
        if is_untranslatable(text):
            trace.used("untranslatable")
            return self._rule_result(text, source or target, target, trace, rules_started)
        confidence = 1.0
        if source is None:
            langid_started = time.perf_counter()
            detection = self.identifier.detect(text, request.recent_langs)
            trace.add_time("langid", (time.perf_counter() - langid_started) * 1000)
            trace.used("langid")
            source, confidence = detection.lang or target, detection.confidence
        if source == target:
            trace.used("same-language")
            result = self._rule_result(text, source, target, trace, rules_started)
            result.confidence = confidence
            return result
        trace.add_time("rules", (time.perf_counter() - rules_started) * 1000)
        return self._translate(text, source, target, confidence, trace, call)

    def _instruction(self, request: Request, trace: Trace) -> Instruction | None:
        if is_code_snippet(request.text.strip()):
            return None
        instruction = parse(request.text)
        if instruction is not None:
            trace.used("instructions")
            return _understood(instruction, trace, "rules")
        if not looks_like_instruction(request.text):
            return None
        trace.used("instructions")
        instruction = self._ask_triage(request.text, trace)
        if instruction is not None:
            return _understood(instruction, trace, "triage")
        guess = plausible_instruction(request.text)
        if guess is not None:
            trace.note("the rules' best reading of the request was used")
            return _understood(guess, trace, "rules")
        trace.note("the request was not understood; translated the whole input")
        return None

    def _ask_triage(self, text: str, trace: Trace) -> Instruction | None:
        if self.triage is None:
            trace.note("no triage model installed; the rules alone decided")
            return None
        started = time.perf_counter()
        trace.used("triage")
        trace.devices["triage"] = self.triage.device
        try:
            decision = self.triage.triage(text)
        except TriageUnavailableError as error:
            trace.note(f"triage model unavailable: {error.user_message}")
            return None
        except AssistantError as error:
            trace.note(f"triage failed ({error.user_message}); the rules decided")
            return None
        finally:
            trace.add_time("triage", (time.perf_counter() - started) * 1000)
        instruction = validate_decision(decision, text, M2M100_LANGUAGES)
        if instruction is None:
            trace.note("triage answer not usable; the rules decided")
        return instruction

    def _detect_answer(self, text: str, request: Request, trace: Trace, target: str) -> Result:
        detection = self.identifier.detect(text, request.recent_langs)
        trace.used("langid")
        if "triage" in trace.tools:
            trace.tier = Tier.TRIAGE
        lang = detection.lang or "und"
        output = f"{english_name(lang)} ({lang})" if detection.lang else "no language (no letters)"
        return Result(output, lang, target, trace, detection.confidence)

    def _rule_result(
        self, text: str, source: str, target: str, trace: Trace, started: float
    ) -> Result:
        trace.tier = Tier.RULE
        trace.add_time("rules", (time.perf_counter() - started) * 1000)
        return Result(text, source, target, trace)

    def _translate(
        self, text: str, source: str, target: str, confidence: float, trace: Trace, call: ModelCall
    ) -> Result:
        version = self.translator.model_version if self.translator else self.model_version
        key = MemoryKey.of(text, source, target, version) if version else None
        if key is not None and self.memory is not None:
            started = time.perf_counter()
            stored = self.memory.lookup(key)
            trace.add_time("memory", (time.perf_counter() - started) * 1000)
            trace.used("memory")
            if stored is not None:
                trace.tier = Tier.MEMORY
                return Result(stored, source, target, trace, confidence)
        if self.translator is None:
            raise ModelNotInstalledError(NO_MODEL_MESSAGE)
        call.text, call.source_lang, call.target_lang = text, source, target
        trace.tier = Tier.MODEL
        output = run_model(self.translator, call, self.glossary, trace)
        if key is not None and self.memory is not None:
            self.memory.remember(key, output)
        return Result(output, source, target, trace, confidence)


def _understood(instruction: Instruction, trace: Trace, by: str) -> Instruction:
    """Record in the trace what was understood, so the user sees it."""
    trace.understood = Understood(instruction.intent.value, instruction.text,
                                  instruction.target_lang, instruction.source_lang, by)  # fmt: skip
    trace.note(trace.understood.describe())
    return instruction
