"""Language identification: script rules first, then three identifiers combined, with the
user's recent languages as a prior and distinctive words settling close languages. The
combination and its weights were fitted on even-numbered FLORES-200 lines and are reported on
odd-numbered ones (`benchmarks/langid_accuracy.py`, results in docs/language-id.md).

Thread rules: one instance may be shared by threads; the models load once, lazily.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from assistant.core.langid_backends import IdentifierBackend, default_backends
from assistant.core.langid_markers import marker_groups, marker_votes
from assistant.core.languages import M2M100_LANGUAGES
from assistant.core.scripts import (
    candidates_for_script,
    dominant_script,
    language_by_script,
    rule_out_by_alphabet,
    script_counts,
)

PRIOR_BOOST = 1.0
"""Log-score added to each of the user's recent languages (measured: +4 points on snippets)."""
MARKER_WEIGHT = 2.0
"""Log-score per distinctive word, among the languages of the best guess's group (fitted: on
full sentences 1.5 and 2.0 tie, 1.0 gives 0.1 point less; snippets differ by 0.1 at most)."""
SHORT_TEXT_CHARS = 60
"""Up to this length the identifiers' `short_weight` applies."""
FLOOR = 0.01
MAX_CHARS = 1000
"""Identifiers look at the start of a text only; a page is plenty."""


@dataclass(frozen=True)
class Detection:
    """The identified language (None when the text has no letters) and how sure it is."""

    lang: str | None
    confidence: float
    method: str
    """"script" (the writing system settled it), "identifiers", or "none"."""
    alternatives: tuple[tuple[str, float], ...] = ()
    """The next best (code, confidence) pairs, best first."""


class LanguageIdentifier:
    """Identifies which of M2M-100's languages a text is in."""

    def __init__(
        self,
        backends: Sequence[IdentifierBackend] | None = None,
        languages: frozenset[str] = M2M100_LANGUAGES,
        distinctive_words: bool = True,
    ) -> None:
        self.backends = tuple(backends) if backends is not None else default_backends()
        self.languages = languages
        self.distinctive_words = distinctive_words
        """Whether distinctive words settle close languages (off only to measure them)."""
        self._lock = threading.Lock()

    @cached_property
    def _coverage(self) -> tuple[frozenset[str], ...]:
        with self._lock:
            return tuple(backend.covers() for backend in self.backends)

    def warm_up(self) -> None:
        """Load every model now (otherwise the first call does it, ~0.3 s)."""
        self.detect("warm up the identifiers")

    def detect(self, text: str, recent: Sequence[str] = ()) -> Detection:
        """Identify the language of `text`; `recent` are the user's recent languages."""
        sample = text[:MAX_CHARS]
        counts = script_counts(sample)
        if not counts:
            return Detection(None, 0.0, "none")
        by_script = language_by_script(counts)
        if by_script is not None and by_script in self.languages:
            return Detection(by_script, 1.0, "script")
        candidates = candidates_for_script(dominant_script(counts), self.languages)
        candidates = rule_out_by_alphabet(sample, candidates)
        return self._combine(sample, candidates, frozenset(recent))

    def _combine(self, text: str, candidates: frozenset[str], recent: frozenset[str]) -> Detection:
        hints = tuple(sorted(recent & self.languages))
        results = [backend.scores(text, hints) for backend in self.backends]
        pool = {code for scores in results for code in scores} & candidates
        pool |= recent & candidates
        if not pool:
            pool = set(candidates)
        short = len(text) <= SHORT_TEXT_CHARS
        totals: dict[str, float] = {}
        for code in pool:
            total = PRIOR_BOOST if code in recent else 0.0
            for backend, covered, scores in zip(
                self.backends, self._coverage, results, strict=True
            ):
                prob = scores.get(code, 0.0) + FLOOR if code in covered else backend.neutral
                total += (backend.short_weight if short else backend.weight) * math.log(prob)
            totals[code] = total
        if self.distinctive_words:
            _add_marker_evidence(text, totals)
        ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
        top = ranked[0][1]
        weights = [(code, math.exp(score - top)) for code, score in ranked]
        norm = sum(weight for _, weight in weights)
        confidences = [(code, weight / norm) for code, weight in weights]
        best, confidence = confidences[0]
        return Detection(best, confidence, "identifiers", tuple(confidences[1:4]))


def _add_marker_evidence(text: str, totals: dict[str, float]) -> None:
    """When the best guess belongs to a group of close languages, add the distinctive-word
    evidence to the scores of that group's languages (no other language moves)."""
    best = min(totals, key=lambda code: (-totals[code], code))
    for group in marker_groups():
        if best not in group.languages:
            continue
        rivals = group.languages & totals.keys()
        for code, count in marker_votes(text, rivals).items():
            totals[code] += MARKER_WEIGHT * count
