"""`assistant eval SRC TGT`: translate FLORES sentences with an installed model and score them
(BLEU and chrF, with sacrebleu).

The FLORES folder holds one file per language, `<code>.txt`, one sentence a line, aligned by
line. Sentences are translated straight by the model (no rules, no translation memory, no
history), in chunks that the engine decodes together.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant.core.errors import BadInputError, ModelNotInstalledError
from assistant.core.languages import resolve_language
from assistant.core.translation import TranslationRequest, Translator
from assistant.paths import AppPaths

FLORES_DEFAULTS = (
    Path("../shared/data/flores200-dev"),
    Path(__file__).resolve().parents[3] / "shared" / "data" / "flores200-dev",
)
"""Where a FLORES dev folder is looked for when `--flores` is not given."""
CHUNK = 16
"""Sentences per translate call (one paragraph each, decoded together)."""
BLEU_TOKENIZERS = {"zh": "zh", "ja": "char", "ko": "char", "th": "char", "my": "char"}
"""sacrebleu tokenizers for targets written without spaces (mecab is not installed)."""


@dataclass(frozen=True)
class EvalReport:
    """One evaluation: what was translated and its scores."""

    model: str
    source: str
    target: str
    sentences: int
    bleu: float
    chrf: float
    bleu_signature: str
    chrf_signature: str
    seconds: float


def register(subparsers: Any) -> None:
    """Add the `eval` sub-command."""
    parser = subparsers.add_parser(
        "eval", help="score an installed model on FLORES sentences (BLEU, chrF)"
    )
    parser.add_argument("source", metavar="SRC", help="source language code, e.g. en")
    parser.add_argument("target", metavar="TGT", help="target language code, e.g. de")
    parser.add_argument("--model", metavar="ID", help="installed model id (default: the first)")
    parser.add_argument("--flores", type=Path, metavar="DIR", help="folder of <code>.txt files")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N sentences")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run_eval)


def flores_folder(given: Path | None) -> Path:
    """The FLORES folder to read: `given`, or the first default that exists."""
    if given is not None:
        if not given.is_dir():
            raise BadInputError(f"The FLORES folder {given} does not exist.")
        return given
    for candidate in FLORES_DEFAULTS:
        if candidate.is_dir():
            return candidate
    raise BadInputError("No FLORES folder found; give one with --flores DIR.")


def read_pair(folder: Path, source: str, target: str, limit: int | None) -> tuple[list[str], ...]:
    """The aligned source and reference sentences (the first `limit` of them)."""
    if limit is not None and limit < 1:
        raise BadInputError(f"--limit must be at least 1; got {limit}.")
    texts = []
    for code in (source, target):
        path = folder / f"{code}.txt"
        if not path.is_file():
            raise BadInputError(f"No FLORES file for '{code}' in {folder} (expected {path.name}).")
        try:
            texts.append(path.read_text(encoding="utf-8").splitlines())
        except UnicodeDecodeError:
            raise BadInputError(f"{path} is not UTF-8 text.") from None
    sources, references = texts
    if len(sources) != len(references):
        raise BadInputError(
            f"The FLORES files do not line up: {source}.txt has {len(sources)} lines, "
            f"{target}.txt has {len(references)}."
        )
    if not sources or any(not line.strip() for line in sources):
        raise BadInputError(f"{source}.txt is empty or has blank lines.")
    return sources[:limit], references[:limit]


def translate_all(
    translator: Translator, sources: list[str], source: str, target: str
) -> list[str]:
    """Each source line's translation, CHUNK lines per call, with progress on stderr."""

    def translate(text: str) -> str:
        return translator.translate(TranslationRequest(text, source, target)).text

    hypotheses: list[str] = []
    for start in range(0, len(sources), CHUNK):
        chunk = sources[start : start + CHUNK]
        lines = translate("\n\n".join(chunk)).split("\n\n")
        if len(lines) != len(chunk):
            lines = [translate(line) for line in chunk]
        hypotheses += [line.strip() for line in lines]
        print(f"\rtranslated {len(hypotheses)}/{len(sources)}", end="", file=sys.stderr)
    print(file=sys.stderr)
    return hypotheses


def score(hypotheses: list[str], references: list[str], target: str) -> dict[str, Any]:
    """Corpus BLEU and chrF with their sacrebleu signatures."""
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF

    bleu, chrf = BLEU(tokenize=BLEU_TOKENIZERS.get(target, "13a")), CHRF()
    return {
        "bleu": round(bleu.corpus_score(hypotheses, [references]).score, 2),
        "chrf": round(chrf.corpus_score(hypotheses, [references]).score, 2),
        "bleu_signature": str(bleu.get_signature()),
        "chrf_signature": str(chrf.get_signature()),
    }


def run_eval(args: argparse.Namespace, paths: AppPaths) -> int:
    """Translate the FLORES pair with the installed model and print its scores."""
    from assistant.models.store import ModelStore
    from assistant.services import warm_up_installed
    from assistant.state.settings_store import SettingsStore

    source, target = resolve_language(args.source), resolve_language(args.target)
    sources, references = read_pair(flores_folder(args.flores), source, target, args.limit)
    store = ModelStore(paths)
    store.recover()
    model = store.get(args.model) if args.model else store.translator()
    if model is None:
        raise ModelNotInstalledError(
            "No translation model is installed. Install one with `assistant models get` or "
            "`assistant models import BUNDLE`."
        )
    settings = SettingsStore(paths.settings_file).load().settings
    started = time.perf_counter()
    runner, _report = warm_up_installed(paths, store, model, settings)
    hypotheses = translate_all(runner, sources, source, target)
    report = EvalReport(
        model=model.model_id,
        source=source,
        target=target,
        sentences=len(sources),
        seconds=round(time.perf_counter() - started, 2),
        **score(hypotheses, references, target),
    )
    if args.json:
        print(json.dumps(asdict(report), ensure_ascii=False))
        return 0
    print(f"{report.model}: FLORES {source}→{target}, {report.sentences} sentences")
    print(f"BLEU {report.bleu:.2f}  ({report.bleu_signature})")
    print(f"chrF {report.chrf:.2f}  ({report.chrf_signature})")
    print(f"{report.seconds:.1f} s, including loading the model")
    return 0
