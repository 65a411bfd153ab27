"""Convert -> bundle -> import into a fresh data dir -> verify -> load -> translate.

The bundle is the `tiny_m2m100_bundle` fixture, made by `convert_m2m100` (fp32 recipe) from the
tiny model's Hugging Face folder; the reference is transformers `generate()` on that folder.
"""

from __future__ import annotations

import openvino as ov
import pytest

from assistant.core.translation import TranslationOptions
from assistant.engine.precision import Precision
from assistant.engine.warmup import warm_up
from assistant.models.compiled_cache import KEY_FILE, CompiledCache
from assistant.models.errors import BundleRefusedError
from assistant.models.store import InstalledModel, ModelStore
from assistant.paths import AppPaths
from tests.builders.tiny_bundle import TinyBundle
from tests.builders.tiny_m2m100 import TinyM2M100
from tests.models.tampering import flip_byte

SENTENCES = (
    ("The cat sleeps on the warm windowsill.", "en", "fr"),
    ("Wir treffen uns morgen früh am Bahnhof.", "de", "it"),
)


def _reference_ids(tiny: TinyM2M100, cases, max_new_tokens: int) -> list[list[int]]:
    from transformers import M2M100ForConditionalGeneration, M2M100Tokenizer

    tokenizer = M2M100Tokenizer.from_pretrained(str(tiny.hf_dir))
    model = M2M100ForConditionalGeneration.from_pretrained(str(tiny.hf_dir)).eval()
    results = []
    for source, source_lang, target_lang in cases:
        tokenizer.src_lang = source_lang
        output = model.generate(
            **tokenizer(source, return_tensors="pt"),
            forced_bos_token_id=tokenizer.get_lang_id(target_lang),
            num_beams=1,
            do_sample=False,
            max_new_tokens=max_new_tokens,
        )
        results.append(output[0].tolist())
    return results


def _load(model: InstalledModel, app_paths: AppPaths):
    store, core = ModelStore(app_paths), ov.Core()
    stages: list[str] = []
    runner, _report = warm_up(
        model.path,
        verify=lambda progress: store.verify(model.model_id, progress) and None,
        golden=model.manifest.golden,
        cache_dir_for=CompiledCache(app_paths).dir_for_bundle(
            core, model.manifest.manifest_hash, blob_devices=("CPU",)
        ),
        precision=Precision.F32,
        on_progress=lambda stage, _f: stages.append(stage) or True,
        core=core,
    )
    return runner, stages


def test_golden_vectors_recorded_at_convert_equal_transformers(
    tiny_m2m100_bundle: TinyBundle, tiny_m2m100: TinyM2M100
) -> None:
    golden = tiny_m2m100_bundle.manifest.golden
    assert len(golden) == 3
    cases = [(v.source, v.source_lang, v.target_lang) for v in golden]
    expected = _reference_ids(tiny_m2m100, cases, golden[0].max_new_tokens)
    assert [list(v.token_ids) for v in golden] == expected


def test_imported_bundle_verifies_loads_and_translates_like_transformers(
    installed_tiny_m2m100: InstalledModel, tiny_m2m100: TinyM2M100, app_paths: AppPaths
) -> None:
    assert installed_tiny_m2m100.path.parent == app_paths.models
    runner, stages = _load(installed_tiny_m2m100, app_paths)
    assert stages.index("verify") < stages.index("preflight")
    expected = _reference_ids(tiny_m2m100, SENTENCES, 20)
    for (source, source_lang, target_lang), reference in zip(SENTENCES, expected, strict=True):
        ids = runner.tokenizer.encode(source, source_lang)
        got = runner.generate_ids(ids, target_lang, TranslationOptions(max_new_tokens=20))
        assert got == reference
    cache_entries = CompiledCache(app_paths).entries()
    assert cache_entries and all(key is not None for _folder, key in cache_entries)
    assert all((folder / KEY_FILE).is_file() for folder, _key in cache_entries)


def test_a_model_tampered_after_install_is_refused_before_loading(
    installed_tiny_m2m100: InstalledModel, app_paths: AppPaths
) -> None:
    flip_byte(installed_tiny_m2m100.path / "openvino_decoder_model.bin")
    with pytest.raises(BundleRefusedError, match="openvino_decoder_model") as caught:
        _load(installed_tiny_m2m100, app_paths)
    assert caught.value.file == "openvino_decoder_model.bin"
    assert CompiledCache(app_paths).entries() == ()
