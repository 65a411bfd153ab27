"""What the history and the audit log store: one translation, and its stored form."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from assistant.core.result import Result
from assistant.state.cipher import DecryptionError


@dataclass(frozen=True)
class TranslationRecord:
    """One request and its answer: the text in, the text out, the languages and the route.

    `route` is the cascade tier that answered ("rule", "memory", "triage", "model"); `tools`
    are the rule tools that ran. All of it is encrypted at rest.
    """

    source_text: str
    output_text: str
    source_lang: str
    target_lang: str
    route: str = ""
    tools: tuple[str, ...] = ()

    @classmethod
    def of_result(cls, source_text: str, result: Result) -> TranslationRecord:
        """The record of a cascade answer to `source_text`."""
        return cls(
            source_text=source_text,
            output_text=result.output,
            source_lang=result.source_lang,
            target_lang=result.target_lang,
            route=result.tier.value,
            tools=tuple(result.trace.tools),
        )

    def to_bytes(self) -> bytes:
        """The plaintext form that gets encrypted."""
        data = {
            "source_text": self.source_text,
            "output_text": self.output_text,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "route": self.route,
            "tools": list(self.tools),
        }
        return json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")

    @classmethod
    def from_bytes(cls, raw: bytes) -> TranslationRecord:
        """Parse a decrypted record; raises DecryptionError for anything malformed."""
        try:
            data = json.loads(raw.decode("utf-8", "surrogatepass"))
            return cls(
                source_text=str(data["source_text"]),
                output_text=str(data["output_text"]),
                source_lang=str(data["source_lang"]),
                target_lang=str(data["target_lang"]),
                route=str(data.get("route", "")),
                tools=tuple(str(tool) for tool in data.get("tools", [])),
            )
        except (UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
            raise DecryptionError(
                "A stored history record is malformed and was skipped."
            ) from error

    def matches(self, query: str) -> bool:
        """Whether `query` occurs in the source or output, ignoring case."""
        needle = query.casefold()
        return needle in self.source_text.casefold() or needle in self.output_text.casefold()


@dataclass(frozen=True)
class StoredRecord:
    """A record as kept in the history or the audit log, with its id and time (UTC)."""

    id: int
    created_at: datetime
    record: TranslationRecord
