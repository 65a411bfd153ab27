"""`assistant models convert`: a Hugging Face M2M-100 folder to a signed OpenVINO bundle.

Native (`native_export`): no torch and no optimum. Runs on one worker thread; the output folder
appears only when the whole bundle is written and signed.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant.core.errors import BadInputError
from assistant.core.progress import ProgressCallback, no_progress
from assistant.models.errors import CancelledError
from assistant.models.golden_export import compute_golden_vectors
from assistant.models.m2m100_spec import SUPPORTED_ARCHITECTURES
from assistant.models.manifest import MODEL_ID_PATTERN, Manifest
from assistant.models.native_export import export_ir
from assistant.models.recipes import DEFAULT_RECIPE, get_recipe
from assistant.models.seal import package_versions, seal_bundle

TOKENIZER_FILES = (
    "sentencepiece.bpe.model",
    "vocab.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
)
CONFIG_FILES = ("config.json", "generation_config.json")
EXPORT_PACKAGES = ("offline-translation-assistant", "openvino", "nncf", "transformers")
"""The packages that shape a native export, recorded in the manifest."""


def _check_source(hf_dir: Path) -> dict[str, object]:
    config_path = hf_dir / "config.json"
    if not config_path.is_file():
        raise BadInputError(
            f"{hf_dir} is not a Hugging Face model folder (no config.json). Give the folder "
            "that `save_pretrained` wrote, with its tokenizer files."
        )
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise BadInputError(f"{config_path} is not valid JSON ({error}).") from None
    architectures = config.get("architectures") or []
    if not any(arch in SUPPORTED_ARCHITECTURES for arch in architectures):
        raise BadInputError(
            f"{hf_dir} holds {architectures or 'an unknown architecture'}; convert supports "
            f"{', '.join(SUPPORTED_ARCHITECTURES)} folders only."
        )
    if not (hf_dir / "sentencepiece.bpe.model").is_file():
        raise BadInputError(
            f"{hf_dir} has no sentencepiece.bpe.model; save the tokenizer into the model "
            "folder (`tokenizer.save_pretrained`) and convert again."
        )
    return dict(config)


def default_model_id(hf_dir: Path, recipe: str) -> str:
    """`<folder name>-<recipe>`, lower-cased into a valid model id."""
    base = "".join(c if c.isalnum() or c in "._-" else "-" for c in hf_dir.name.lower())
    candidate = f"{base.strip('-._') or 'm2m100'}-{recipe}"[:64]
    return candidate if MODEL_ID_PATTERN.match(candidate) else f"m2m100-{recipe}"


def _step(on_progress: ProgressCallback, stage: str, fraction: float) -> None:
    if not on_progress(stage, fraction):
        raise CancelledError("Converting the model was cancelled; nothing was written.")


def convert_m2m100(
    hf_dir: Path,
    out_dir: Path,
    key: Ed25519PrivateKey,
    recipe_name: str = DEFAULT_RECIPE,
    model_id: str | None = None,
    on_progress: ProgressCallback = no_progress,
    description: str | None = None,
    provenance: dict[str, str] | None = None,
) -> Manifest:
    """Export, compress, record golden vectors, sign; write the bundle to `out_dir` (new)."""
    recipe = get_recipe(recipe_name)
    hf_dir, out_dir = Path(hf_dir), Path(out_dir)
    _check_source(hf_dir)
    model_id = model_id or default_model_id(hf_dir, recipe.name)
    if not MODEL_ID_PATTERN.match(model_id):
        raise BadInputError(f"'{model_id}' is not a valid model id (a-z, 0-9, '.', '_', '-').")
    if out_dir.exists() and any(out_dir.iterdir()):
        raise BadInputError(f"{out_dir} already exists and is not empty; choose a new folder.")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".convert-", dir=out_dir.parent))
    try:
        bundle = work / "bundle"
        bundle.mkdir()
        export_ir(
            hf_dir, bundle, recipe, lambda stage, fraction: _step(on_progress, stage, fraction)
        )
        for name in (*CONFIG_FILES, *TOKENIZER_FILES):
            if (hf_dir / name).is_file():
                shutil.copyfile(hf_dir / name, bundle / name)
        _step(on_progress, "golden", 0.7)
        golden = compute_golden_vectors(bundle)
        _step(on_progress, "sign", 0.95)
        manifest = seal_bundle(
            bundle,
            model_id=model_id,
            kind="m2m100",
            recipe=recipe.name,
            key=key,
            golden=golden,
            versions={**package_versions(EXPORT_PACKAGES), **(provenance or {})},
            description=description or f"M2M-100 from {hf_dir.name}, {recipe.summary}",
        )
        if out_dir.exists():
            out_dir.rmdir()
        bundle.rename(out_dir)
        on_progress("done", 1.0)
        return manifest
    finally:
        shutil.rmtree(work, ignore_errors=True)
