"""Diagnostics: devices, versions, caches, compile times, latency, tiers, fallbacks; export."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import Executor
from dataclasses import asdict
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from assistant.core.telemetry import Telemetry, TelemetrySnapshot
from assistant.core.wording import count_of, part_label
from assistant.diagnostics import Diagnostics, collect_diagnostics
from assistant.gui.engine_host import EngineHost
from assistant.gui.sizes import size_text
from assistant.gui.tasks import spawn
from assistant.paths import AppPaths


def render_html(report: Diagnostics, live: TelemetrySnapshot, engine: dict[str, Any]) -> str:
    """The report as HTML tables for the view."""
    rows = [
        f"<h3>Versions</h3><p>App {report.app_version} · Python {report.python} · "
        f"OpenVINO {report.openvino} · GenAI {report.openvino_genai}<br>{report.platform}<br>"
        f"Keyring: {report.keyring_backend}</p>",
        "<h3>Devices</h3><table>",
    ]
    for device in report.devices:
        driver = f" · driver {device.driver_version}" if device.driver_version else ""
        rows.append(f"<tr><td><b>{device.name}</b></td><td>{device.full_name}{driver}</td></tr>")
    rows.append("</table><h3>Model</h3><table>")
    for key, value in engine.items():
        rows.append(f"<tr><td>{key}</td><td>{value}</td></tr>")
    rows.append("</table><h3>Compile times</h3><table>")
    for record in live.compiles:
        kind = "cached" if record.cached else "cold"
        rows.append(
            f"<tr><td>{part_label(record.part)}</td><td>{record.device}</td>"
            f"<td>{record.milliseconds:.0f} ms</td><td>{kind}</td></tr>"
        )
    rows.append("</table><h3>Latency per stage</h3><table>")
    rows.append("<tr><th>stage</th><th>count</th><th>p50</th><th>p95</th></tr>")
    for stage, summary in live.stages.items():
        rows.append(
            f"<tr><td>{stage}</td><td>{summary.count}</td><td>{summary.p50:.1f} ms</td>"
            f"<td>{summary.p95:.1f} ms</td></tr>"
        )
    if live.queue_wait is not None:
        wait = live.queue_wait
        rows.append(
            f"<tr><td>queue wait</td><td>{wait.count}</td><td>{wait.p50:.1f} ms</td>"
            f"<td>{wait.p95:.1f} ms</td></tr>"
        )
    tiers = ", ".join(f"{tier}: {count}" for tier, count in live.tiers.items()) or "none yet"
    rows.append(f"</table><h3>Who answered</h3><p>{tiers}</p>")
    hits = count_of(live.cache_hits, "hit")
    misses = count_of(live.cache_misses, "miss", "misses")
    rows.append(f"<p>Translation memory: {hits}, {misses}</p>")
    rows.append(f"<h3>Fallbacks ({len(live.fallbacks)})</h3><ul>")
    rows.extend(
        f"<li>{part_label(f.part)}: {f.from_device} → {f.to_device} ({f.reason})</li>"
        for f in live.fallbacks
    )
    rows.append("</ul><h3>Directories</h3><table>")
    for directory in report.directories:
        rows.append(
            f"<tr><td>{directory.role}</td><td>{directory.path}</td>"
            f"<td>{size_text(directory.bytes)}</td></tr>"
        )
    rows.append("</table>")
    if report.problems:
        rows.append("<h3>Problems</h3><ul>")
        rows.extend(f"<li>{problem}</li>" for problem in report.problems)
        rows.append("</ul>")
    return "".join(rows)


class DiagnosticsDialog(QDialog):
    """A view: the report and an Export button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Diagnostics")
        self.setAccessibleName("Diagnostics")
        self.resize(720, 560)
        self.status = QLabel("Collecting…")
        self.body = QTextBrowser()
        self.body.setAccessibleName("Diagnostics report")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton("&Export JSON…")
        self.export_button.setAccessibleName("Export diagnostics as JSON")
        self.refresh_button = QPushButton("&Refresh")
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.body, 1)
        layout.addWidget(buttons)


class DiagnosticsController:
    """Collects the report off the GUI thread and renders it. GUI thread only."""

    def __init__(
        self,
        parent: QWidget,
        paths: AppPaths,
        telemetry: Telemetry,
        engine: EngineHost,
        collector: Executor,
    ) -> None:
        self.paths = paths
        self.telemetry = telemetry
        self.collector = collector
        self.engine = engine
        self.dialog = DiagnosticsDialog(parent)
        self.report: Diagnostics | None = None
        self.launch_ms: float | None = None
        self.dialog.export_button.clicked.connect(self._on_export_clicked)
        self.dialog.refresh_button.clicked.connect(self.refresh)

    def open(self) -> None:
        """Show the dialog and collect a fresh report."""
        self.dialog.show()
        self.dialog.raise_()
        self.refresh()

    def refresh(self) -> asyncio.Task[Any]:
        """Collect and show the report again."""
        return spawn(self._collect())

    def engine_facts(self) -> dict[str, Any]:
        """What the loaded engine says about itself."""
        facts: dict[str, Any] = {"status": self.engine.status.text()}
        if self.launch_ms is not None:
            facts["window visible after"] = f"{self.launch_ms:.0f} ms"
        engine = self.engine.engine
        if engine is not None:
            facts["devices"] = ", ".join(f"{p} {d}" for p, d in engine.devices.items())
            facts["fallbacks"] = (
                "; ".join(
                    f"{f.part}: {f.from_device} → {f.to_device} ({f.reason})"
                    for f in engine.fallbacks
                )
                or "none"
            )
            if engine.decoder_precision:
                facts["decoder precision"] = engine.decoder_precision
            facts["model version"] = engine.translator.model_version
        return facts

    async def _collect(self) -> None:
        self.dialog.status.setText("Collecting…")
        loop = asyncio.get_running_loop()
        self.report = await loop.run_in_executor(self.collector, collect_diagnostics, self.paths)
        live = self.telemetry.snapshot()
        self.dialog.body.setHtml(render_html(self.report, live, self.engine_facts()))
        self.dialog.status.setText(
            "Nothing here holds your text. Export it to attach to a bug report."
        )

    def export_json(self, path: Path) -> None:
        """Write the report, live telemetry and engine facts as one JSON file."""
        if self.report is None:
            return
        data = {
            "diagnostics": json.loads(self.report.to_json()),
            "telemetry": asdict(self.telemetry.snapshot()),
            "engine": self.engine_facts(),
        }
        path.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
        self.dialog.status.setText(f"Exported to {path}")

    def _on_export_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.dialog, "Export diagnostics", "diagnostics.json", "JSON (*.json)"
        )
        if name:
            self.export_json(Path(name))
