"""Local telemetry: percentiles, tier counts, fallbacks and the saved snapshot."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from assistant.cli.doctor import compile_lines
from assistant.cli.main import main
from assistant.core.telemetry import CompileRecord, Fallback, Telemetry, percentile, summarise
from assistant.diagnostics import TELEMETRY_FILE
from assistant.paths import AppPaths


def test_percentiles_use_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile([], 0.5) == 0.0


def test_histogram_buckets_cover_every_sample() -> None:
    summary = summarise([0.2, 3.0, 7.0, 7.5, 99999.0])
    assert summary.histogram == {"<=1": 1, "<=5": 1, "<=10": 2, ">5000": 1}
    assert summary.count == 5
    assert summary.max == 99999.0


def test_snapshot_counts_tiers_tools_hits_and_fallbacks() -> None:
    telemetry = Telemetry()
    telemetry.record_answer("rule", ["empty-input"], {"total": 0.1})
    telemetry.record_answer("model", ["language-id", "m2m100"], {"encode": 14.0, "total": 240.0})
    telemetry.record_memory_lookup(hit=True)
    telemetry.record_memory_lookup(hit=False)
    telemetry.record_fallback(Fallback("encoder", "NPU", "CPU", "no NPU on this machine"))
    telemetry.record_compile(CompileRecord("encoder", "CPU", 812.0, cached=False))
    telemetry.record_queue_wait(3.0)

    snapshot = telemetry.snapshot()

    assert snapshot.tiers == {"rule": 1, "model": 1}
    assert snapshot.tools["language-id"] == 1
    assert (snapshot.cache_hits, snapshot.cache_misses) == (1, 1)
    assert snapshot.fallbacks[0].reason == "no NPU on this machine"
    assert snapshot.stages["total"].count == 2
    assert snapshot.stages["compile"].p50 == 812.0
    assert snapshot.queue_wait is not None and snapshot.queue_wait.p50 == 3.0


def test_concurrent_recording_loses_nothing() -> None:
    telemetry = Telemetry()

    def worker() -> None:
        for _ in range(500):
            telemetry.record_answer("rule", ["x"], {"total": 1.0})

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert telemetry.snapshot().tiers["rule"] == 2000


def test_saved_snapshot_is_json_the_doctor_can_read(tmp_path: Path) -> None:
    telemetry = Telemetry()
    telemetry.record_answer("memory", [], {"total": 0.5})
    target = tmp_path / "cache" / "telemetry.json"
    telemetry.save(target)
    data = json.loads(target.read_text())
    assert data["tiers"] == {"memory": 1}
    assert not target.with_suffix(".tmp").exists()


def test_doctor_shows_compile_times_cold_and_cached(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    telemetry = Telemetry()
    telemetry.record_compile(CompileRecord("encoder:16", "CPU", 1234.4, cached=False))
    telemetry.record_compile(CompileRecord("decoder", "CPU", 600.0, cached=False))
    telemetry.record_compile(CompileRecord("encoder:16", "CPU", 98.6, cached=True))
    telemetry.record_queue_wait(4.0)
    telemetry.save(app_paths.cache / TELEMETRY_FILE)
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert (
        "  compile cold: 1834 ms (encoder (sentences up to 16 tokens) on CPU 1234 ms, "
        "decoder on CPU 600 ms)"
    ) in out
    assert "  compile cached: 99 ms (encoder (sentences up to 16 tokens) on CPU 99 ms)" in out
    assert "  queue wait: p50 4.0 ms, p95 4.0 ms (1 job)" in out


def test_doctor_says_when_no_compile_was_recorded() -> None:
    assert compile_lines([]) == ["  compiles: none recorded"]
    assert compile_lines([{"cached": "yes"}, "junk"]) == ["  compiles: none recorded"]
    cold_only = [{"part": "decoder", "device": "CPU", "milliseconds": 5, "cached": False}]
    assert compile_lines(cold_only)[1] == "  compile cached: none"


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000,
        b'{"stages": {"translate": {"p50": "fast", "p95": null, "count": "x"}}, "tiers": [1]}',
        b"\xff\xfe not json",
        b'{"stages": {}, "tiers": {"rule": 3}}' + b" " * 2_000_000,
        b'"just a string"',
    ],
    ids=["deeply-nested", "wrong-shapes", "binary", "huge", "not-an-object"],
)
def test_doctor_survives_a_tampered_telemetry_file(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    (app_paths.cache / TELEMETRY_FILE).parent.mkdir(parents=True, exist_ok=True)
    (app_paths.cache / TELEMETRY_FILE).write_bytes(content)
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "Traceback" not in out
    if content.startswith(b'{"stages": {"translate"'):
        assert "Telemetry (last saved):" in out and "translate:" not in out
    else:
        assert "The saved telemetry at" in out and "is unreadable" in out
