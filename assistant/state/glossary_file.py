"""Reads the user's glossary from `glossary.json` in the config directory.

The file is optional and edited by hand:

    {
      "do_not_translate": ["OpenVINO", "Contoso"],
      "terms": [
        {"source_lang": "en", "target_lang": "de", "source": "laptop", "target": "Notebook"}
      ]
    }

`do_not_translate` terms come through every translation unchanged; each entry of `terms`
renders `source` as `target` for that language pair only. Read once, at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.core.bounded_json import JsonLimitError, loads_bounded, read_bounded
from assistant.core.errors import BadInputError, StateError
from assistant.core.glossary import Glossary, GlossaryEntry
from assistant.core.languages import resolve_language

GLOSSARY_FILE = "glossary.json"
MAX_GLOSSARY_BYTES = 1_000_000
_TERM_FIELDS = ("source_lang", "target_lang", "source", "target")


@dataclass(frozen=True)
class GlossaryFile:
    """The glossary file at `path`."""

    path: Path

    @classmethod
    def in_config(cls, config_dir: Path) -> GlossaryFile:
        """The glossary file in the app's config directory."""
        return cls(config_dir / GLOSSARY_FILE)

    def load(self) -> Glossary:
        """The glossary; empty when there is no file. Raises StateError when it is malformed."""
        try:
            raw = read_bounded(self.path, MAX_GLOSSARY_BYTES)
        except FileNotFoundError:
            return Glossary()
        except OSError as error:
            raise self._error(f"it could not be read ({error.strerror})") from error
        if len(raw) > MAX_GLOSSARY_BYTES:
            raise self._error("it is larger than 1 MB")
        try:
            data = loads_bounded(raw, MAX_GLOSSARY_BYTES)
        except JsonLimitError as error:
            raise self._error(str(error)) from None
        except ValueError as error:
            raise self._error(f"it is not valid JSON ({error})") from error
        return self._parse(data)

    def _parse(self, data: Any) -> Glossary:
        if not isinstance(data, dict) or set(data) - {"do_not_translate", "terms"}:
            raise self._error('the top level must be {"do_not_translate": [...], "terms": [...]}')
        keep = data.get("do_not_translate", [])
        if not isinstance(keep, list) or not all(isinstance(t, str) and t.strip() for t in keep):
            raise self._error('"do_not_translate" must be a list of non-empty strings')
        terms = data.get("terms", [])
        if not isinstance(terms, list):
            raise self._error('"terms" must be a list')
        entries = tuple(self._entry(n, term) for n, term in enumerate(terms, start=1))
        return Glossary(entries, tuple(t.strip() for t in keep))

    def _entry(self, number: int, term: Any) -> GlossaryEntry:
        if not isinstance(term, dict) or set(term) != set(_TERM_FIELDS):
            raise self._error(f"term {number} must have exactly {', '.join(_TERM_FIELDS)}")
        if not all(isinstance(term[name], str) and term[name].strip() for name in _TERM_FIELDS):
            raise self._error(f"term {number} has an empty or non-text field")
        try:
            source_lang = resolve_language(term["source_lang"])
            target_lang = resolve_language(term["target_lang"])
        except BadInputError as error:
            raise self._error(f"term {number} names an unknown language") from error
        return GlossaryEntry(source_lang, target_lang, term["source"].strip(), term["target"])

    def _error(self, problem: str) -> StateError:
        return StateError(
            f"Your glossary {self.path} was not used: {problem}. Fix the file and restart; "
            "translations work without it until then."
        )
