"""`assistant translate` and `assistant detect`: the cascade on the command line.

`--json` prints one object per answer; its keys are a stable contract for scripts and tests.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.cli.terminal import json_text, show
from assistant.cli.text_input import read_argument, read_file, read_stdin
from assistant.core.errors import BadInputError
from assistant.core.langid import LanguageIdentifier
from assistant.core.languages import M2M100_LANGUAGES, english_name, resolve_language
from assistant.core.passthrough import is_blank
from assistant.core.request import Request
from assistant.core.result import Result
from assistant.core.translation import MAX_BEAMS, TranslationOptions
from assistant.paths import AppPaths

if TYPE_CHECKING:
    from assistant.services import Services

MAX_BEAM = MAX_BEAMS


def register(subparsers: Any) -> None:
    """Add the `translate` and `detect` sub-commands."""
    translate = subparsers.add_parser("translate", help="translate text, stdin or a file")
    translate.add_argument("text", nargs="?", metavar="TEXT", help="the text; '-' reads stdin")
    translate.add_argument("--to", dest="target", metavar="LANG", help="target language")
    translate.add_argument("--from", dest="source", metavar="LANG", help="source language")
    translate.add_argument(
        "--beam", type=int, metavar="N", help=f"beam size, 1 to {MAX_BEAM} (1 = greedy)"
    )
    translate.add_argument("--json", action="store_true", help="print one JSON object")
    translate.add_argument(
        "--batch",
        type=int,
        metavar="N",
        help="sentences decoded together at most (default: chosen for this CPU; 1 = one at a time)",
    )
    translate.add_argument(
        "--precision",
        choices=("default", "f32"),
        help="execution precision: the device default (fast) or f32 (exact, for comparisons)",
    )
    translate.add_argument("--file", type=Path, metavar="IN", help="a .txt or .md file")
    translate.add_argument("--out", type=Path, metavar="OUT", help="write the result here")
    translate.add_argument(
        "--list-languages", action="store_true", help="list the language codes and exit"
    )
    translate.set_defaults(run=run_translate)
    detect = subparsers.add_parser("detect", help="identify the language of text")
    detect.add_argument("text", nargs="?", metavar="TEXT", help="the text; '-' reads stdin")
    detect.add_argument("--json", action="store_true", help="print JSON")
    detect.add_argument("--lines", action="store_true", help="one text per stdin line")
    detect.set_defaults(run=run_detect)


def result_json(result: Result) -> dict[str, Any]:
    """The `--json` contract for one answer."""
    trace = result.trace
    return {
        "output": result.output,
        "source_lang": result.source_lang,
        "target_lang": result.target_lang,
        "tier": trace.tier.value,
        "tools": list(trace.tools),
        "timings_ms": {stage: round(ms, 3) for stage, ms in trace.timings_ms.items()},
        "devices": dict(trace.devices),
        "tokens": {"input": trace.input_tokens, "output": trace.output_tokens},
    }


def _options(args: argparse.Namespace, default_beam: int) -> TranslationOptions:
    beam = default_beam if args.beam is None else args.beam
    if not 1 <= beam <= MAX_BEAM:
        raise BadInputError(f"--beam must be between 1 and {MAX_BEAM}, not {beam}.")
    if args.batch is not None and args.batch < 1:
        raise BadInputError(f"--batch must be at least 1, not {args.batch}.")
    return TranslationOptions(beam_size=beam, max_batch=args.batch)


def _progress(stage: str, fraction: float) -> bool:
    if sys.stderr.isatty():
        print(f"\r{stage}: {fraction:4.0%}", end="", file=sys.stderr, flush=True)
    return True


def run_translate(args: argparse.Namespace, paths: AppPaths) -> int:
    """Translate TEXT, stdin or --file, and print or write the result."""
    if args.list_languages:
        for code in sorted(M2M100_LANGUAGES):
            print(f"{code}\t{english_name(code)}")
        return 0
    if args.file is not None and args.text is not None:
        raise BadInputError("give either TEXT or --file, not both.")
    target = resolve_language(args.target) if args.target else None
    source = resolve_language(args.source) if args.source else None
    from assistant.services import build_services

    services = build_services(paths, on_progress=_progress, precision=args.precision)
    if services.settings_notice is not None:
        print(f"assistant: {services.settings_notice}", file=sys.stderr)
    with services.vault.request_scope():
        result, text = _answer(args, services, target, source)
        services.vault.record_translation(text, result)
    if sys.stderr.isatty() and result.trace.tier.value == "model":
        print("\r", end="", file=sys.stderr)
    if services.vault.write_problem is not None:  # e.g. a failing keychain: the result still shows
        print(f"assistant: {services.vault.write_problem}", file=sys.stderr)
    return _emit(result, args)


def _answer(
    args: argparse.Namespace, services: Services, target: str | None, source: str | None
) -> tuple[Result, str]:
    """The cascade's answer to TEXT, stdin or --file, and the text it answered."""
    from assistant.cli.document import translate_document

    options = _options(args, services.settings.beam_size)
    if args.file is not None:
        text = read_file(args.file)
        if is_blank(text):
            raise BadInputError(f"nothing to translate: {args.file} is empty.")
        result = translate_document(
            services.cascade, text, args.file.suffix.lower() in (".md", ".markdown"),
            target, source, options, _progress,
        )  # fmt: skip
        return result, text
    text = read_argument(args.text)
    if is_blank(text):
        raise BadInputError("nothing to translate: the input is empty.")
    request = Request(text, target, source, options, parse_instructions=True)
    return services.cascade.run(request, on_progress=_progress), text


def _emit(result: Result, args: argparse.Namespace) -> int:
    if args.json:
        rendered = json_text(result_json(result))
    else:
        rendered = show(result.output, sys.stdout)
        print(f"[{result.trace.summary()} · {', '.join(result.trace.tools)}]", file=sys.stderr)
        for note in result.trace.notes:
            print(f"note: {show(note, sys.stderr)}", file=sys.stderr)
    if args.out is not None:
        try:
            args.out.write_text(result.output, encoding="utf-8")
        except OSError as error:
            raise BadInputError(
                f"Cannot write {args.out} ({error.strerror}). Check that the folder exists and "
                "that you may write there; the translation was not saved to a file."
            ) from error
        if args.json:
            print(rendered)
        return 0
    print(rendered)
    return 0


def detection_json(identifier: LanguageIdentifier, text: str) -> dict[str, Any]:
    """The `detect --json` object for one text."""
    detection = identifier.detect(text)
    return {
        "lang": detection.lang,
        "name": english_name(detection.lang) if detection.lang else None,
        "confidence": round(detection.confidence, 4),
    }


def run_detect(args: argparse.Namespace, paths: AppPaths) -> int:
    """Print the identified language (M2M-100 code) and confidence, per text or per line."""
    del paths
    identifier = LanguageIdentifier()
    if args.lines:
        if args.text not in (None, "-"):
            raise BadInputError("--lines reads standard input; do not pass TEXT.")
        for line in read_stdin().splitlines():
            _print_detection(detection_json(identifier, line), args.json)
        return 0
    text = read_argument(args.text)
    if not text.strip():
        raise BadInputError("nothing to identify: the input is empty.")
    _print_detection(detection_json(identifier, text), args.json)
    return 0


def _print_detection(found: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(found, ensure_ascii=False), flush=True)
    else:
        print(f"{found['lang'] or 'und'}\t{found['confidence']:.2f}", flush=True)
