"""The glossary file as the editor holds it: loaded once, saved atomically, never overwritten
behind the user's back (a malformed file is set aside only when the user says so, and a file
changed on disk since it was opened is not replaced)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from assistant.core.bounded_json import read_bounded
from assistant.core.errors import StateError
from assistant.core.glossary import Glossary
from assistant.state.files import atomic_write_bytes, keep_aside
from assistant.state.glossary_file import MAX_GLOSSARY_BYTES, GlossaryFile


def glossary_bytes(glossary: Glossary) -> bytes:
    """The file form `GlossaryFile` reads: do-not-translate terms, then term pairs."""
    data = {
        "do_not_translate": list(glossary.do_not_translate),
        "terms": [
            {
                "source_lang": entry.source_lang,
                "target_lang": entry.target_lang,
                "source": entry.source,
                "target": entry.target,
            }
            for entry in glossary.entries
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _current_bytes(path: Path) -> bytes | None:
    try:
        return read_bounded(path, MAX_GLOSSARY_BYTES)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StateError(
            f"Your glossary {path} could not be read ({error.strerror}); nothing was changed."
        ) from error


@dataclass
class GlossaryDocument:
    """One open glossary file. GUI thread (the file is small)."""

    file: GlossaryFile
    _opened: bytes | None = field(default=None, init=False)

    @property
    def path(self) -> Path:
        """Where the glossary lives (the file the cascade reads)."""
        return self.file.path

    def load(self) -> Glossary:
        """Read the file; raises StateError (saying what is wrong) when it is malformed."""
        self._opened = _current_bytes(self.path)
        return self.file.load()

    def set_aside(self) -> Path | None:
        """Rename the file (a malformed one) to `glossary.json.bak`; where it went, if anywhere."""
        if not self.path.exists():
            return None
        kept = keep_aside(self.path)
        self._opened = None
        return kept

    def save(self, glossary: Glossary) -> Glossary:
        """Write `glossary` in one step and read it back; raises StateError when the file was
        changed on disk since it was opened, or cannot be written."""
        if _current_bytes(self.path) != self._opened:
            raise StateError(
                f"Your glossary {self.path} was changed outside the editor since it was "
                "opened, so it was not overwritten. Close the editor and open it again to see "
                "the new contents."
            )
        data = glossary_bytes(glossary)
        try:
            atomic_write_bytes(self.path, data, mode=0o600)
        except OSError as error:
            raise StateError(
                f"Your glossary could not be saved to {self.path} ({error.strerror}); the "
                "file is unchanged. Free some disk space or check the folder's permissions."
            ) from error
        saved = self.load()
        return saved
