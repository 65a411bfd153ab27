"""Cold start: the warm-up stages of the real tiny bundle appear in order with elapsed times."""

from __future__ import annotations

import openvino as ov

from assistant.core.telemetry import Fallback, Telemetry
from assistant.engine.report import WarmupStage
from assistant.gui.cold_start_panel import ColdStartPanel
from assistant.gui.engine_host import EngineHost
from assistant.gui.engine_loader import EngineLoader
from assistant.gui.jobs import JobRunner
from assistant.gui.model_listing import ModelListing
from assistant.gui.status_strip import ModelState, ModelStatus, StatusStrip
from assistant.gui.worker import InferenceWorker
from assistant.models.store import ModelStore
from assistant.state.clear_hooks import ClearStateHooks
from assistant.state.settings import Settings


def _host(qtbot, app_paths, models_thread):
    worker = InferenceWorker()
    host = EngineHost(worker, JobRunner())
    panel = ColdStartPanel()
    strip = StatusStrip()
    qtbot.addWidget(panel)
    qtbot.addWidget(strip)
    host.progressed.connect(panel.on_progress)
    host.status_changed.connect(strip.set_status)
    host.failed.connect(panel.fail)
    seen_states: list[ModelState] = []
    host.status_changed.connect(lambda status: seen_states.append(status.state))
    listing = ModelListing.read_now(ModelStore(app_paths), models_thread, JobRunner())
    loader = EngineLoader(app_paths, listing, Telemetry(), ClearStateHooks(), Settings)
    return worker, host, panel, strip, seen_states, loader


def test_stages_appear_in_order_with_elapsed_times(
    qtbot, qloop, wait_for, app_paths, installed_tiny_m2m100, models_thread, crash_reports
):
    worker, host, panel, strip, seen_states, loader = _host(qtbot, app_paths, models_thread)
    host.start(loader)
    wait_for(lambda: host.is_ready or host.problem is not None, 60_000)
    assert host.problem is None
    assert panel.stage_order == list(WarmupStage)
    for key in list(WarmupStage)[:-1]:
        assert panel.elapsed_text(key).endswith(("ms", "s")), key
    assert "ready" in panel.heading.text()
    # Where bf16 changes the golden ids the engine falls back to CPU f32 and says why.
    shown = strip.text_of("M2M-100")
    assert shown.startswith(("M2M-100: ready (encoder CPU", "M2M-100: fell back from ")), shown
    assert host.engine is not None and host.engine.devices["encoder"] == "CPU"
    assert seen_states[0] is ModelState.LOADING
    assert ModelState.VERIFYING in seen_states and ModelState.COMPILING in seen_states
    assert seen_states[-1] in (ModelState.READY, ModelState.FELL_BACK)
    assert crash_reports == []
    worker.shutdown()


def test_without_a_model_the_strip_offers_install(qtbot, qloop, wait_for, app_paths, models_thread):
    worker, host, panel, strip, _seen, loader = _host(qtbot, app_paths, models_thread)
    host.start(loader)
    wait_for(lambda: host.problem is not None, 10_000)
    assert strip.text_of("M2M-100") == "M2M-100: not installed"
    assert "Models…" in panel.stage_hint.text()
    assert strip.install_offered("M2M-100")
    worker.shutdown()


def test_first_launch_without_a_model_explains_what_works_and_how_to_install(make_shell, wait_for):
    shell = make_shell()
    shell.show()
    panel = shell.window.cold_start
    wait_for(lambda: "No translation model" in panel.heading.text(), 10_000)
    assert "Models…" in panel.stage_hint.text()
    assert not any(row.bar.isVisibleTo(panel) for row in panel.rows.values())
    assert shell.window.status_strip.install_offered("M2M-100")


def test_the_strip_says_from_which_device_to_which_it_fell_back(qtbot):
    strip = StatusStrip()
    qtbot.addWidget(strip)
    fallbacks = (
        Fallback("encoder", "NPU", "GPU", "the NPU driver is too old"),
        Fallback("decoder", "NPU", "GPU", "the NPU driver is too old"),
    )
    strip.set_status(ModelStatus("M2M-100", ModelState.FELL_BACK, fallbacks=fallbacks))
    assert strip.text_of("M2M-100") == (
        "M2M-100: fell back from NPU to GPU (the NPU driver is too old)"
    )
    strip.set_status(
        ModelStatus(
            "M2M-100",
            ModelState.FELL_BACK,
            fallbacks=(
                Fallback("encoder", "GPU", "CPU (f32)", "preflight mismatch: golden vector 1"),
            ),
        )
    )
    assert "fell back from GPU to CPU (f32)" in strip.text_of("M2M-100")
    same_device = Fallback("encoder", "CPU", "CPU (f32)", "preflight mismatch: golden vector 2")
    strip.set_status(ModelStatus("M2M-100", ModelState.FELL_BACK, fallbacks=(same_device,)))
    assert strip.text_of("M2M-100") == (
        "M2M-100: fell back from the faster CPU setting to exact f32 "
        "(preflight mismatch: golden vector 2)"
    )


def test_no_model_is_said_once_and_the_banner_goes_when_a_model_is_installed(
    make_shell, wait_for, app_paths, tiny_m2m100_bundle, crash_reports
):
    from assistant.core.errors import ModelNotInstalledError

    shell = make_shell()
    shell.show()
    window = shell.window
    wait_for(lambda: window.cold_start.offers_models, 10_000)
    window.languages.set_pair("en", "de")
    window.input.setPlainText("The weather is lovely today.")
    window.translate_button.click()
    wait_for(lambda: "needs a translation model" in window.activity.text(), 10_000)
    assert window.errors.isHidden(), "the panel already says no model is installed"
    window.errors.show_error(ModelNotInstalledError("No translation model is installed."))
    tiny_m2m100_bundle.trust_in(app_paths)
    task = shell.models.import_path(tiny_m2m100_bundle.bundle_dir)
    wait_for(task.done, 60_000)
    assert window.errors.isHidden(), "the 'no model' banner goes once a model is installed"
    wait_for(lambda: shell.engine.is_ready, 60_000)
    assert crash_reports == []


def test_a_running_stage_never_looks_finished(qtbot):
    panel = ColdStartPanel()
    qtbot.addWidget(panel)
    panel.on_progress(WarmupStage.START_RUNTIME, 0.0)
    bar = panel.rows[WarmupStage.START_RUNTIME].bar
    assert (bar.minimum(), bar.maximum()) == (0, 0), "busy while it runs, without a fraction"
    panel.on_progress(WarmupStage.VERIFY, 0.0)
    assert panel.rows[WarmupStage.START_RUNTIME].bar.value() == 1000
    verify = panel.rows[WarmupStage.VERIFY].bar
    panel.on_progress(WarmupStage.VERIFY, 0.4)
    assert (verify.maximum(), verify.value()) == (1000, 400)
    panel.on_progress(WarmupStage.LOAD_TOKENIZER, 0.0)
    assert verify.value() == 1000 and panel.rows[WarmupStage.VERIFY].mark.text() == "✓"
    assert "NPU" not in panel.stage_hint.text()


def test_the_compile_stage_names_the_cpu_on_a_machine_without_an_npu(
    make_shell, wait_for, installed_tiny_m2m100, crash_reports
):
    shell = make_shell()
    panel = shell.window.cold_start
    assert panel.title_text(WarmupStage.COMPILE_ENCODER) == "Compile the model"
    shell.show()
    wait_for(lambda: shell.engine.is_ready, 60_000)
    assert "NPU" not in ov.Core().available_devices  # this machine: CPU only
    assert panel.title_text(WarmupStage.COMPILE_ENCODER) == "Compile for the CPU"
    assert "NPU" not in " ".join(panel.texts[WarmupStage.COMPILE_ENCODER].hint.split())
    assert crash_reports == []
