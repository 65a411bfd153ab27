"""The cascade as the GUI runs it: one request at a time on the request thread, with the
answer kept in history and counted in telemetry."""

from __future__ import annotations

from assistant.core.cascade import Cascade
from assistant.core.request import Request
from assistant.core.result import Result
from assistant.core.telemetry import Telemetry
from assistant.gui.request_call import RequestCall
from assistant.state.settings import Settings
from assistant.state.vault import Vault

WARM_UP_TEXTS = ("https://example.org/a.pdf", "This sentence is already in English.")
"""Answered by the rule tier without a model: untranslatable text, and the target language."""


class CascadeRunner:
    """A `RequestRunner`. Call from the request thread only (one request at a time); the
    translator it holds hands model work to the inference worker."""

    def __init__(self, cascade: Cascade, vault: Vault, telemetry: Telemetry) -> None:
        self.vault = vault
        self.telemetry = telemetry
        self.cascade = cascade

    def prepare(self) -> None:
        """Answer two rule-tier questions nobody asked, so the user's first answer does not pay
        for compiling the rule tools' patterns and loading the language identifiers. Request
        thread, at start-up, before the warm-up's imports compete for the interpreter."""
        for text in WARM_UP_TEXTS:
            self.cascade.run(Request(text, target_lang="en", parse_instructions=True))

    def apply_settings(self, settings: Settings) -> None:
        """Use changed settings (default target, history on/off) from the next request on."""
        self.cascade.default_target = settings.default_target_lang
        self.vault.apply_settings(settings)

    def __call__(self, call: RequestCall) -> Result:
        """Answer `call`; keep it in history (as the settings allow) and count it."""
        request = call.request
        with self.vault.request_scope():
            result = self.cascade.run(request, on_sentence=call.on_sentence, cancel=call.token)
            self.vault.record_translation(request.text, result)
        trace = result.trace
        self.telemetry.record_answer(trace.tier.value, list(trace.tools), dict(trace.timings_ms))
        if "memory" in trace.tools:
            self.telemetry.record_memory_lookup(trace.tier.value == "memory")
        return result
