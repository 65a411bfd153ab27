"""External tools the packaging tests run: skipped where missing, a failure in CI (CI=true),
where scripts/system-packages.sh installs them."""

from __future__ import annotations

import os
import shutil

import pytest


def in_ci() -> bool:
    """True in CI, where every packaging tool must be present."""
    return os.environ.get("CI", "").lower() == "true"


def require_tool(command: str, debian_package: str) -> str:
    """The tool's path; without it, fail in CI and skip elsewhere, naming the package."""
    found = shutil.which(command)
    if found:
        return found
    message = f"{command} not found: install the Debian package {debian_package}"
    if in_ci():
        pytest.fail(f"{message} (scripts/system-packages.sh does this in CI)")
    pytest.skip(message)
