"""Help → Diagnostics with the real engine warmed up: it says where each part runs, and which
precision the CPU decoder uses and why."""

from __future__ import annotations

import re


def test_diagnostics_name_the_decoder_precision_and_why(
    make_shell, wait_for, installed_tiny_m2m100, crash_reports
):
    shell = make_shell()
    shell.show()
    wait_for(lambda: shell.engine.is_ready, 60_000)
    shell.window.diagnostics_action.trigger()
    dialog = shell.diagnostics.dialog
    wait_for(lambda: dialog.status.text().startswith("Nothing here holds your text"), 30_000)
    shown = dialog.body.toPlainText()
    assert "encoder CPU" in shown and "decoder CPU" in shown, shown
    assert re.search(r"decoder precision\W+(f32|bf16): \S", shown), shown
    dialog.close()
    assert crash_reports == []
