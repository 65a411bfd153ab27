"""OpenVINO inference: devices, M2M-100 runner, triage LLM, warm-up, preflight (no Qt)."""
