"""Triage-LLM bundles from a GGUF file or an OpenVINO IR folder (no golden vectors needed).

The engine loads them with `openvino_genai.LLMPipeline`; see `TriageFiles` for the entry path.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant.core.errors import BadInputError
from assistant.models.manifest import MODEL_ID_PATTERN, Manifest
from assistant.models.seal import package_versions, seal_bundle
from assistant.models.verify import scan_bundle_files

GGUF_MAGIC = b"GGUF"
IR_ENTRY = "openvino_model.xml"


def is_triage_source(source: Path) -> bool:
    """True for a GGUF file or a folder holding an LLM's `openvino_model.xml`."""
    return (source.is_file() and source.suffix.lower() == ".gguf") or (source / IR_ENTRY).is_file()


def triage_entry(bundle_dir: Path, manifest: Manifest) -> Path:
    """What to hand to `LLMPipeline`: the GGUF file, or the bundle folder for an IR bundle."""
    ggufs = [entry.path for entry in manifest.files if entry.path.endswith(".gguf")]
    return bundle_dir / ggufs[0] if ggufs else bundle_dir


def _default_id(source: Path) -> str:
    base = "".join(c if c.isalnum() or c in "._-" else "-" for c in source.stem.lower())
    candidate = base.strip("-._")[:64] or "triage-llm"
    return candidate if MODEL_ID_PATTERN.match(candidate) else "triage-llm"


def make_triage_bundle(
    source: Path,
    out_dir: Path,
    key: Ed25519PrivateKey,
    model_id: str | None = None,
    provenance: dict[str, str] | None = None,
) -> Manifest:
    """Copy a GGUF file or an IR folder into a new signed bundle at `out_dir`."""
    source, out_dir = Path(source), Path(out_dir)
    model_id = model_id or _default_id(source)
    if not MODEL_ID_PATTERN.match(model_id):
        raise BadInputError(f"'{model_id}' is not a valid model id (a-z, 0-9, '.', '_', '-').")
    if out_dir.exists() and any(out_dir.iterdir()):
        raise BadInputError(f"{out_dir} already exists and is not empty; choose a new folder.")
    if source.is_file():
        with source.open("rb") as handle:
            if handle.read(4) != GGUF_MAGIC:
                raise BadInputError(f"{source.name} is not a GGUF model file.")
    elif not (source / IR_ENTRY).is_file():
        raise BadInputError(
            f"{source} is neither a .gguf file nor an OpenVINO LLM folder ({IR_ENTRY})."
        )
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".triage-", dir=out_dir.parent))
    try:
        if source.is_file():
            shutil.copyfile(source, work / source.name)
            recipe = "gguf"
        else:
            for relative in sorted(scan_bundle_files(source)):
                (work / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source / relative, work / relative)
            recipe = "ir"
        manifest = seal_bundle(
            work,
            model_id=model_id,
            kind="triage-llm",
            recipe=recipe,
            key=key,
            versions={**package_versions(("openvino", "openvino-genai")), **(provenance or {})},
            description=f"Triage LLM from {source.name}",
        )
        if out_dir.exists():
            out_dir.rmdir()
        work.rename(out_dir)
        return manifest
    finally:
        shutil.rmtree(work, ignore_errors=True)
