"""What the machine and the app are doing: versions, devices, directories, telemetry.

Shared by `assistant doctor` and the GUI's diagnostics view. Holds no user text.
"""

from __future__ import annotations

import json
import platform
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant import __version__
from assistant.core.bounded_json import loads_bounded, read_bounded
from assistant.paths import AppPaths

if TYPE_CHECKING:
    from assistant.state.keychain import KeychainSecret

TELEMETRY_FILE = "telemetry.json"
MAX_TELEMETRY_BYTES = 1_000_000
"""Far above what the app writes (a few KB of percentiles and counters)."""


@dataclass(frozen=True)
class DeviceInfo:
    """One OpenVINO device as the runtime reports it."""

    name: str
    full_name: str
    driver_version: str | None


@dataclass(frozen=True)
class DirectoryInfo:
    """One app directory and how much it holds."""

    role: str
    path: str
    bytes: int


@dataclass(frozen=True)
class KeyStoreInfo:
    """Where one of the app's keys is kept: the system keychain, the labelled file, or nowhere."""

    key: str
    """"history key" or "model signing key"."""
    store: str
    """"keychain", "labelled file" or "none"."""
    detail: str
    """The keychain entry or the file path, or why neither can be used."""
    exists: bool
    """False until the key is first needed (it is made then)."""


@dataclass
class Diagnostics:
    """A point-in-time report for `assistant doctor` and the diagnostics view."""

    app_version: str
    python: str
    platform: str
    openvino: str
    openvino_genai: str
    keyring_backend: str
    devices: list[DeviceInfo]
    directories: list[DirectoryInfo]
    keys: list[KeyStoreInfo] = field(default_factory=list)
    telemetry: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        """The report as pretty JSON."""
        return json.dumps(asdict(self), indent=2, sort_keys=True)


def directory_size(root: Path) -> int:
    """Total bytes of regular files below `root` (0 when missing)."""
    total = 0
    try:
        for path in root.rglob("*"):
            try:
                if path.is_file() and not path.is_symlink():
                    total += path.stat().st_size
            except OSError:
                continue  # removed or unreadable meanwhile: it does not count
    except OSError:
        return total
    return total


def discover_devices(problems: list[str]) -> tuple[str, list[DeviceInfo]]:
    """OpenVINO's version and devices; failures become problems, not exceptions."""
    try:
        import openvino as ov
    except ImportError as error:
        problems.append(f"OpenVINO cannot be imported: {error}")
        return "missing", []
    core = ov.Core()
    devices = []
    for name in core.available_devices:
        full_name = str(core.get_property(name, "FULL_DEVICE_NAME"))
        driver = None
        if name.startswith("NPU"):
            try:
                driver = str(core.get_property(name, "NPU_DRIVER_VERSION"))
            except RuntimeError:
                problems.append(f"{name} did not report its driver version")
        devices.append(DeviceInfo(name, full_name, driver))
    if not any(d.name.startswith("NPU") for d in devices):
        problems.append("No NPU found: the encoder runs on the CPU (or GPU).")
    return ov.get_version(), devices


def _genai_version() -> str:
    try:
        import openvino_genai
    except ImportError:
        return "missing"
    return str(openvino_genai.__version__)


def _keyring_backend(problems: list[str]) -> str:
    import keyring

    try:
        backend = keyring.get_keyring()
    except Exception as error:  # a broken backend must not stop the report
        problems.append(f"The system keychain could not be opened ({type(error).__name__}).")
        return "unavailable"
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _key_stores(paths: AppPaths, problems: list[str]) -> list[KeyStoreInfo]:
    """Where the history key and the model signing key live; creates and moves nothing."""
    from assistant.models import install_key
    from assistant.state.keys import FALLBACK_LABEL, DataKeyStore
    from assistant.state.settings_store import SettingsStore

    allow_file = SettingsStore(paths.settings_file).load().settings.allow_unencrypted_fallback
    history = DataKeyStore(paths, allow_file)
    signing = install_key.install_key_secret(paths)
    history_info = _key_store("history key", history.secret, allow_file)
    signing_info = _key_store("model signing key", signing, True)
    unavailable = history.unavailable_message()
    if history_info.store == "labelled file":
        problems.append(FALLBACK_LABEL)
    elif unavailable is not None:
        problems.append(unavailable)
    if signing_info.store == "labelled file":
        problems.append(install_key.FALLBACK_LABEL.format(path=signing.fallback_file))
    elif signing_info.store == "none":
        problems.append(f"Models cannot be signed on this machine: {signing_info.detail}")
    return [history_info, signing_info]


def _key_store(name: str, secret: KeychainSecret, allow_file: bool) -> KeyStoreInfo:
    from assistant.state.keychain import KeyLocation

    place = secret.place(allow_file=allow_file)
    made = "" if place.exists else " (made on first use)"
    if place.location is KeyLocation.KEYRING:
        entry = f"{secret.service} / {secret.username}{made}"
        return KeyStoreInfo(name, "keychain", entry, place.exists)
    if place.location is KeyLocation.FILE:
        return KeyStoreInfo(name, "labelled file", f"{secret.fallback_file}{made}", place.exists)
    return KeyStoreInfo(name, "none", place.reason or "the keychain cannot be used.", False)


def _trust_warnings(paths: AppPaths) -> list[str]:
    from assistant.models.trust import TrustStore

    return list(TrustStore.load(paths).warnings)


def collect_diagnostics(paths: AppPaths) -> Diagnostics:
    """Gather the report. Cheap enough to call from a button (no model is loaded)."""
    problems: list[str] = []
    openvino_version, devices = discover_devices(problems)
    roles = {"data": paths.data, "config": paths.config, "cache": paths.cache, "logs": paths.logs}
    roles["compiled cache"] = paths.compiled_cache
    telemetry_path = paths.cache / TELEMETRY_FILE
    telemetry = None
    if telemetry_path.exists():
        try:
            raw = read_bounded(telemetry_path, MAX_TELEMETRY_BYTES)
            telemetry = loads_bounded(raw, MAX_TELEMETRY_BYTES, max_depth=8)
            if not isinstance(telemetry, dict):
                raise ValueError("it is not a JSON object")
        except (OSError, ValueError) as error:
            telemetry = None
            problems.append(
                f"The saved telemetry at {telemetry_path} is unreadable ({error}); the app "
                "writes it again when the window closes."
            )
    problems.extend(_trust_warnings(paths))
    return Diagnostics(
        app_version=__version__,
        python=sys.version.split()[0],
        platform=platform.platform(),
        openvino=openvino_version,
        openvino_genai=_genai_version(),
        keyring_backend=_keyring_backend(problems),
        devices=devices,
        directories=[DirectoryInfo(r, str(p), directory_size(p)) for r, p in roles.items()],
        keys=_key_stores(paths, problems),
        telemetry=telemetry,
        problems=problems,
    )
