"""`assistant doctor`: versions, devices, directories and local telemetry."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TypeGuard

from assistant.cli.terminal import show
from assistant.core.wording import count_of, part_label, size_text
from assistant.diagnostics import Diagnostics, collect_diagnostics
from assistant.paths import AppPaths


def register(subparsers: Any) -> None:
    """Add the `doctor` sub-command."""
    parser = subparsers.add_parser("doctor", help="show devices, versions, caches and telemetry")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def format_text(report: Diagnostics) -> str:
    """A human-readable rendering of the report."""
    lines = [
        f"Offline Translation Assistant {report.app_version}",
        f"Python {report.python} on {report.platform}",
        f"OpenVINO {report.openvino}, OpenVINO GenAI {report.openvino_genai}",
        f"Keyring: {report.keyring_backend}",
        "Keys:",
    ]
    lines += [
        f"  {key.key}: none; {key.detail}"
        if key.store == "none"
        else f"  {key.key}: {key.store} {key.detail}"
        for key in report.keys
    ]
    lines.append("Devices:")
    for device in report.devices:
        driver = f" (driver {device.driver_version})" if device.driver_version else ""
        lines.append(f"  {device.name}: {device.full_name}{driver}")
    lines.append("Directories:")
    lines += [f"  {d.role}: {d.path} ({size_text(d.bytes)})" for d in report.directories]
    if report.telemetry:
        lines.append("Telemetry (last saved):")
        lines += telemetry_lines(report.telemetry)
    if report.problems:
        lines.append("Notes:")
        lines += [f"  - {problem}" for problem in report.problems]
    return "\n".join(lines)


def telemetry_lines(telemetry: dict[str, Any]) -> list[str]:
    """The saved telemetry's percentiles and counters; entries of the wrong shape (a file
    edited by hand or by another program) are left out, never a crash."""
    lines = []
    stages = telemetry.get("stages")
    for stage, summary in sorted(stages.items() if isinstance(stages, dict) else []):
        if _is_summary(summary):
            lines.append(
                f"  {stage}: p50 {summary['p50']:.1f} ms, p95 {summary['p95']:.1f} ms "
                f"({count_of(int(summary['count']), 'sample')})"
            )
    wait = telemetry.get("queue_wait")
    if _is_summary(wait) and wait["count"]:
        lines.append(
            f"  queue wait: p50 {wait['p50']:.1f} ms, p95 {wait['p95']:.1f} ms "
            f"({count_of(int(wait['count']), 'job')})"
        )
    tiers = telemetry.get("tiers")
    if isinstance(tiers, dict):
        counted = ", ".join(f"{tier} {n}" for tier, n in sorted(tiers.items()) if _number(n))
        lines.append(f"  tiers: {counted or 'none'}")
    fallbacks = telemetry.get("fallbacks")
    lines.append(f"  fallbacks: {len(fallbacks) if isinstance(fallbacks, list) else 0}")
    lines += compile_lines(telemetry.get("compiles", []))
    return lines


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_summary(summary: Any) -> TypeGuard[dict[str, float]]:
    fields = ("p50", "p95", "count")
    return isinstance(summary, dict) and all(_number(summary.get(f)) for f in fields)


def compile_lines(compiles: Any) -> list[str]:
    """Compile times from the saved telemetry, cold (no compiled blob yet) and cached."""
    records = [
        c
        for c in (compiles if isinstance(compiles, list) else [])
        if isinstance(c, dict)
        and isinstance(c.get("milliseconds"), int | float)
        and isinstance(c.get("cached"), bool)
    ]
    if not records:
        return ["  compiles: none recorded"]
    lines = []
    for cached, label in ((False, "cold"), (True, "cached")):
        chosen = [c for c in records if c["cached"] is cached]
        if not chosen:
            lines.append(f"  compile {label}: none")
            continue
        total = sum(float(c["milliseconds"]) for c in chosen)
        parts = ", ".join(
            f"{part_label(str(c.get('part', '?')))} on {c.get('device', '?')} "
            f"{float(c['milliseconds']):.0f} ms"
            for c in chosen
        )
        lines.append(f"  compile {label}: {total:.0f} ms ({parts})")
    return lines


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    """Print the diagnostics report."""
    report = collect_diagnostics(paths)
    print(report.to_json() if args.json else show(format_text(report), sys.stdout))
    return 0
