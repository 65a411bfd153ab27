"""The cascade as the GUI runs it: one request at a time on the request thread, with the
answer kept in history and counted in telemetry."""

from __future__ import annotations

from assistant.core.cascade import Cascade
from assistant.core.result import Result
from assistant.core.telemetry import Telemetry
from assistant.gui.request_call import RequestCall
from assistant.state.settings import Settings
from assistant.state.vault import Vault


class CascadeRunner:
    """A `RequestRunner`. Call from the request thread only (one request at a time); the
    translator it holds hands model work to the inference worker."""

    def __init__(self, cascade: Cascade, vault: Vault, telemetry: Telemetry) -> None:
        self.vault = vault
        self.telemetry = telemetry
        self.cascade = cascade

    def apply_settings(self, settings: Settings) -> None:
        """Use changed settings (default target, history on/off) from the next request on."""
        self.cascade.default_target = settings.default_target_lang
        self.vault.apply_settings(settings)

    def __call__(self, call: RequestCall) -> Result:
        """Answer `call`; keep it in history (as the settings allow) and count it."""
        request = call.request
        with self.vault.request_scope():
            result = self.cascade.run(
                request, on_sentence=call.sentence_done, is_cancelled=call.is_cancelled
            )
            self.vault.record_translation(request.text, result)
        trace = result.trace
        self.telemetry.record_answer(trace.tier.value, list(trace.tools), dict(trace.timings_ms))
        if "memory" in trace.tools:
            self.telemetry.record_memory_lookup(trace.tier.value == "memory")
        return result
