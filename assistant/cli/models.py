"""`assistant models ...`: list, verify, import, install, convert, remove, pack, and key trust."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from assistant.core.progress import progress_line
from assistant.core.wording import count_of, size_text
from assistant.paths import AppPaths

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

DESCRIPTION = """\
Manage the signed model bundles the app translates with.

Every model is a bundle: its files, a manifest.json listing each file's size and SHA-256,
and manifest.sig, an Ed25519 signature by a trusted key. Nothing is installed or loaded
unless every file is proven to be what its publisher signed.

verbs:
  catalogue         the models the app can get, with sizes, languages and licences
  get SOURCE        download a catalogue model (or any Hub M2M-100 repo, with --yes), check
                    every file, convert it on this machine, sign it and install it
  list              show installed models (--json for machines)
  verify [ID]       re-check the signature and every file of one or all models, with timing
  import PATH       install a bundle folder or archive, verified before anything is installed
  install URL       download a bundle archive (--sha256 pinned), resumable, then import it
  convert SOURCE    make a signed bundle from a local Hugging Face M2M-100 folder (--recipe), or a
                    triage-LLM bundle from a .gguf file or OpenVINO LLM folder
  pack BUNDLE OUT   write a verified bundle folder as one .tar archive and print its SHA-256
  remove ID         uninstall a model
  export-key        print this install's public signing key, for another machine to trust
  trust KEYFILE     trust bundles signed by the public key in KEYFILE (PEM)
  prune-cache       delete compiled-model caches of models that are no longer installed
"""


class ProgressBar:
    """A one-line text progress bar on stderr; its `__call__` is a ProgressCallback."""

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        self._stream, self._width = stream or sys.stderr, width
        self._last: tuple[str, int] | None = None
        self._stage_start: tuple[str, float, float] | None = None

    def _eta(self, stage: str, fraction: float) -> str:
        now = time.monotonic()
        if self._stage_start is None or self._stage_start[0] != stage:
            self._stage_start = (stage, now, fraction)
        _, started, first = self._stage_start
        done = fraction - first
        if done <= 0.01 or fraction >= 1.0 or now - started < 2.0:
            return ""
        left = (now - started) * (1.0 - fraction) / done
        return f" ETA {int(left // 60)}:{int(left % 60):02d}"

    def __call__(self, stage: str, fraction: float) -> bool:
        percent = max(0, min(100, int(fraction * 100)))
        eta = self._eta(stage, fraction)
        if (stage, percent) != self._last:
            filled = self._width * percent // 100
            bar = "#" * filled + "." * (self._width - filled)
            end = "\n" if percent == 100 else ""
            self._stream.write(f"\r{stage:<9} [{bar}] {percent:3d}%{eta:<11}{end}")
            self._stream.flush()
            self._last = (stage, percent)
        return True

    def close(self) -> None:
        """End the line if the bar was left unfinished."""
        if self._last is not None and self._last[1] != 100:
            self._stream.write("\n")


RECIPE_HELP = "fp32, fp16, int8 (default), int4, fast (INT4 LM head too; check quality first)"


def progress_lines(stage: str, fraction: float) -> bool:
    """A ProgressCallback for a parent process: one `progress_line` per report on stderr."""
    sys.stderr.write(progress_line(stage, fraction))
    sys.stderr.flush()
    return True


def register(subparsers: Any) -> None:
    """Add `models` and its verbs."""
    parser = subparsers.add_parser(
        "models",
        help="install, verify and manage signed model bundles",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    add = verbs.add_parser

    catalogue = add("catalogue", help="the models the app can get")
    catalogue.add_argument("--json", action="store_true", help="print JSON")
    catalogue.set_defaults(run=run_catalogue)

    get = add("get", help="download, check, convert and install a model from the Hub")
    get.add_argument("source", metavar="SOURCE", help="a catalogue id, or a Hub repo owner/name")
    get.add_argument("--revision", metavar="REV", help="branch, tag or commit (repos only)")
    get.add_argument("--recipe", default="int8", help=RECIPE_HELP)
    get.add_argument("--model-id", metavar="ID", help="installed model id (default: from SOURCE)")
    get.add_argument(
        "--yes", action="store_true", help="use a repo that is not in the catalogue (unpinned)"
    )
    get.set_defaults(run=run_get)

    listing = add("list", help="show installed models")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_list)

    verify = add("verify", help="re-check signatures and file hashes, with timing")
    verify.add_argument("model_id", nargs="?", metavar="ID", help="one model (default: all)")
    verify.set_defaults(run=run_verify)

    importing = add("import", help="install a bundle folder or archive after verifying it")
    importing.add_argument("path", type=Path, metavar="PATH")
    importing.add_argument(
        "--trust-this-bundle",
        action="store_true",
        help="you vouch for this bundle's manifest: re-sign it with this install's key "
        "(every file is still checked against the manifest)",
    )
    importing.set_defaults(run=run_import)

    install = add("install", help="download a bundle archive with a pinned SHA-256, then import")
    install.add_argument("url", metavar="URL")
    install.add_argument("--sha256", required=True, metavar="HEX", help="the archive's SHA-256")
    install.add_argument("--size", type=int, metavar="BYTES", help="its published size (a cap)")
    install.set_defaults(run=run_install)

    convert = add("convert", help="make a signed bundle from a local model folder")
    convert.add_argument("source", type=Path, metavar="SOURCE")
    convert.add_argument("--out", type=Path, required=True, metavar="BUNDLE_DIR")
    convert.add_argument("--recipe", default="int8", help=RECIPE_HELP)
    convert.add_argument("--model-id", metavar="ID", help="model id (default: from SOURCE)")
    convert.add_argument("--progress-lines", action="store_true", help=argparse.SUPPRESS)
    convert.set_defaults(run=run_convert)

    pack = add("pack", help="archive a verified bundle folder and print its SHA-256")
    pack.add_argument("bundle", type=Path, metavar="BUNDLE_DIR")
    pack.add_argument("archive", type=Path, metavar="OUT.tar")
    pack.set_defaults(run=run_pack)

    remove = add("remove", help="uninstall a model")
    remove.add_argument("model_id", metavar="ID")
    remove.set_defaults(run=run_remove)

    export_key = add("export-key", help="print this install's public signing key (PEM)")
    export_key.set_defaults(run=run_export_key)

    trust = add("trust", help="trust bundles signed by the public key in KEYFILE")
    trust.add_argument("key_file", type=Path, metavar="KEYFILE")
    trust.set_defaults(run=run_trust)

    prune = add("prune-cache", help="delete compiled caches of models no longer installed")
    prune.set_defaults(run=run_prune_cache)


def _store(paths: AppPaths) -> Any:
    from assistant.models.store import ModelStore

    store = ModelStore(paths)
    store.recover()
    for warning in store.trust.warnings:
        print(f"assistant: {warning}", file=sys.stderr)
    return store


def _install_key(paths: AppPaths) -> Ed25519PrivateKey:
    """This install's signing key; says in one line when it is kept in the labelled file."""
    from assistant.models.install_key import open_install_key

    key = open_install_key(paths)
    assert key is not None
    if key.notice:
        print(f"assistant: {key.notice}", file=sys.stderr)
    return key.private


def run_catalogue(args: argparse.Namespace, paths: AppPaths) -> int:
    """Print the catalogue."""
    from assistant.models.catalogue import load_catalogue

    del paths
    entries = load_catalogue()
    if args.json:
        rows = [
            {
                "id": e.entry_id,
                "kind": e.kind,
                "title": e.title,
                "repo": e.repo,
                "revision": e.revision,
                "download_bytes": e.download_bytes,
                "installed_bytes": e.installed_bytes,
                "licence": e.licence,
                "languages": list(e.languages),
                "recommended": e.recommended,
            }
            for e in entries
        ]
        print(json.dumps(rows, indent=2))
        return 0
    for e in entries:
        mark = " (recommended)" if e.recommended else ""
        print(f"{e.entry_id}{mark}\n  {e.title}: {e.summary}")
        print(
            f"  download {e.download_bytes / 2**20:,.0f} MiB, installed (int8) "
            f"{e.installed_size('int8') / 2**20:,.0f} MiB, {len(e.languages)} languages, "
            f"{e.licence}\n  {e.repo} @ {e.revision[:12]}"
        )
    print("\nGet one with: assistant models get ID")
    return 0


def run_get(args: argparse.Namespace, paths: AppPaths) -> int:
    """Download, check, convert, sign and install a model."""
    from assistant.models.model_get import GetRequest, get_model

    request = GetRequest(args.source, args.revision, args.recipe, args.yes, args.model_id)
    store = _store(paths)
    key = _install_key(paths)
    bar = ProgressBar()
    started = time.perf_counter()
    try:
        model = get_model(request, store, key, bar)
    finally:
        bar.close()
    print(
        f"Installed {model.model_id} ({model.kind}, {model.manifest.recipe}, "
        f"{model.manifest.total_size / 2**20:,.1f} MiB) in {time.perf_counter() - started:.0f} s, "
        f"from {model.manifest.versions.get('source', args.source)}."
    )
    return 0


def run_list(args: argparse.Namespace, paths: AppPaths) -> int:
    """Print the installed models."""
    models = _store(paths).list()
    rows = [
        {
            "model_id": m.model_id,
            "kind": m.kind,
            "recipe": m.manifest.recipe,
            "size_bytes": m.manifest.total_size,
            "manifest_hash": m.manifest.manifest_hash,
            "description": m.manifest.description,
            "path": str(m.path),
        }
        for m in models
    ]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif not rows:
        print(
            "No models installed. Get one with `assistant models get m2m100-418m` "
            "(`assistant models catalogue` lists them all)."
        )
    for row in [] if args.json else rows:
        size = row["size_bytes"] / 2**20
        print(f"{row['model_id']:<32} {row['kind']:<11} {row['recipe']:<6} {size:9.1f} MiB")
    return 0


def run_verify(args: argparse.Namespace, paths: AppPaths) -> int:
    """Re-verify one or all models and report how long each took."""
    store = _store(paths)
    ids = [args.model_id] if args.model_id else [m.model_id for m in store.list()]
    if not ids:
        print("No models installed; nothing to verify.")
    for model_id in ids:
        bar = ProgressBar()
        try:
            verified = store.verify(model_id, bar)
        finally:
            bar.close()
        rate = verified.bytes_hashed / verified.seconds if verified.seconds else 0.0
        print(
            f"{model_id}: OK, signed by {verified.signer.key_id} ({verified.signer.source}); "
            f"{count_of(len(verified.manifest.files), 'file')}, "
            f"{size_text(verified.bytes_hashed)} in {verified.seconds:.2f} s "
            f"({size_text(int(rate))}/s)"
        )
    return 0


def run_import(args: argparse.Namespace, paths: AppPaths) -> int:
    """Install a bundle folder or archive."""
    from assistant.models.picked_import import import_picked

    key = _install_key(paths) if args.trust_this_bundle else None
    bar = ProgressBar()
    try:
        model = import_picked(args.path, _store(paths), bar, vouch_key=key)
    finally:
        bar.close()
    print(f"Installed {model.model_id} ({model.kind}, {model.manifest.recipe}) at {model.path}")
    return 0


def run_install(args: argparse.Namespace, paths: AppPaths) -> int:
    """Download, check and install a bundle archive."""
    from assistant.models.download import install_from_url

    bar = ProgressBar()
    try:
        model = install_from_url(args.url, args.sha256, _store(paths), bar, args.size)
    finally:
        bar.close()
    print(f"Installed {model.model_id} ({model.kind}, {model.manifest.recipe}) at {model.path}")
    return 0


def run_convert(args: argparse.Namespace, paths: AppPaths) -> int:
    """Convert a model folder (or GGUF file) into a signed bundle."""
    from assistant.models.triage import is_triage_source, make_triage_bundle

    key = _install_key(paths)
    started = time.perf_counter()
    if is_triage_source(args.source):
        manifest = make_triage_bundle(args.source, args.out, key, args.model_id)
    else:
        from assistant.models.convert import convert_m2m100

        bar = ProgressBar()
        try:
            manifest = convert_m2m100(
                args.source,
                args.out,
                key,
                args.recipe,
                args.model_id,
                on_progress=progress_lines if args.progress_lines else bar,
            )
        finally:
            bar.close()
    print(
        f"Wrote {manifest.kind} bundle {manifest.model_id} ({manifest.recipe}) to {args.out} "
        f"in {time.perf_counter() - started:.1f} s, signed by this install's key.\n"
        f"Install it with: assistant models import {args.out}"
    )
    return 0


def run_pack(args: argparse.Namespace, paths: AppPaths) -> int:
    """Verify a bundle folder, archive it, and print the archive's SHA-256."""
    from assistant.models.archive import pack_bundle
    from assistant.models.seal import sha256_file
    from assistant.models.trust import TrustStore
    from assistant.models.verify import verify_bundle

    verified = verify_bundle(args.bundle, TrustStore.load(paths))
    pack_bundle(args.bundle, args.archive)
    print(f"{sha256_file(args.archive)}  {args.archive}  ({verified.manifest.model_id})")
    return 0


def run_remove(args: argparse.Namespace, paths: AppPaths) -> int:
    """Uninstall one model."""
    _store(paths).remove(args.model_id)
    print(f"Removed {args.model_id}.")
    return 0


def run_export_key(args: argparse.Namespace, paths: AppPaths) -> int:
    """Print this install's public key, creating the key pair on first use."""
    from assistant.models.signing import key_id, public_key_pem

    key = _install_key(paths)
    sys.stdout.write(public_key_pem(key.public_key()).decode())
    print(f"# key id {key_id(key.public_key())}", file=sys.stderr)
    return 0


def run_trust(args: argparse.Namespace, paths: AppPaths) -> int:
    """Trust a publisher's (or another machine's) public key."""
    from assistant.models.trust import trust_key_file

    trusted = trust_key_file(paths, args.key_file)
    print(f"Trusting bundles signed by key {trusted.key_id} ({trusted.path}).")
    return 0


def run_prune_cache(args: argparse.Namespace, paths: AppPaths) -> int:
    """Delete compiled caches that no installed model can use."""
    from assistant.models.compiled_cache import CompiledCache

    keep = [m.manifest.manifest_hash for m in _store(paths).list()]
    removed = CompiledCache(paths).prune(keep)
    print(f"Removed {count_of(len(removed), 'compiled cache folder')}.")
    return 0
