"""`assistant models convert` on the tiny model's Hugging Face folder with the NPU-safe recipe."""

from __future__ import annotations

from pathlib import Path

import openvino as ov
import pytest

from assistant.cli.main import main
from assistant.engine.precision import Precision
from assistant.engine.warmup import warm_up
from assistant.models.compiled_cache import CompiledCache
from assistant.models.store import ModelStore
from assistant.paths import AppPaths
from tests.builders.tiny_m2m100 import TinyM2M100


def test_convert_int4_then_import_verify_and_preflight_on_cpu(
    tiny_m2m100: TinyM2M100,
    app_paths: AppPaths,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "bundle"
    argv = ["models", "convert", str(tiny_m2m100.hf_dir), "--recipe", "int4", "--out", str(out)]
    assert main([*argv, "--model-id", "tiny-int4"]) == 0
    assert "assistant models import" in capsys.readouterr().out
    assert ModelStore(app_paths).list() == ()
    assert main(["models", "import", str(out)]) == 0
    store = ModelStore(app_paths)
    model = store.get("tiny-int4")
    assert (model.manifest.recipe, len(model.manifest.golden)) == ("int4", 3)
    assert store.verify("tiny-int4").signer.source == "install"
    core = ov.Core()
    _runner, report = warm_up(
        model.path,
        verify=lambda progress: store.verify("tiny-int4", progress) and None,
        golden=model.manifest.golden,
        cache_dir_for=CompiledCache(app_paths).dir_for_bundle(core, model.manifest.manifest_hash),
        precision=Precision.F32,
        core=core,
    )
    assert report.preflight_passed is True and report.fallback_count == 0
