"""OpenVINO inference: devices, the M2M-100 runner, the triage LLM, warm-up and preflight (no Qt)."""
