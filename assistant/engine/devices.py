"""Which OpenVINO devices exist, and the order each model part tries them in.

Pure queries of `openvino.Core`; safe to call from any thread before models are compiled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import openvino as ov

ENCODER = "encoder"
DECODER = "decoder"
TRIAGE = "triage"

DEFAULT_ORDER: dict[str, tuple[str, ...]] = {
    ENCODER: ("NPU", "GPU", "CPU"),
    DECODER: ("CPU",),
    TRIAGE: ("NPU", "CPU"),
}
"""Preferred devices per part: the encoder runs at static shapes, so it suits the NPU."""

AUTO = "AUTO"
"""The settings' default device preference: use DEFAULT_ORDER."""


@dataclass(frozen=True)
class DeviceInventory:
    """The devices OpenVINO reports on this machine."""

    available: tuple[str, ...]
    npu_driver_version: str | None = None
    cpu_capabilities: tuple[str, ...] = ()
    """The CPU plugin's OPTIMIZATION_CAPABILITIES (e.g. "BF16", "INT8")."""

    @property
    def cpu_has_bf16(self) -> bool:
        """Whether the CPU computes in bf16 natively (AVX512_BF16 or AMX)."""
        return "BF16" in self.cpu_capabilities

    def has(self, device: str) -> bool:
        """True if `device` (e.g. "GPU") or one of its instances (e.g. "GPU.0") exists."""
        return any(d == device or d.startswith(f"{device}.") for d in self.available)

    @classmethod
    def discover(cls, core: ov.Core) -> DeviceInventory:
        """Ask OpenVINO; an NPU's driver version is read where the plugin reports it."""
        available = tuple(core.available_devices)
        try:
            capabilities = tuple(
                str(c) for c in core.get_property("CPU", "OPTIMIZATION_CAPABILITIES")
            )
        except RuntimeError:
            capabilities = ()
        driver: str | None = None
        if any(d.startswith("NPU") for d in available):
            try:
                driver = str(core.get_property("NPU", "NPU_DRIVER_VERSION"))
            except RuntimeError:
                driver = None
        return cls(available, npu_driver_version=driver, cpu_capabilities=capabilities)


@dataclass(frozen=True)
class DevicePlan:
    """The devices each model part tries, best first; CPU always ends a list."""

    order: dict[str, tuple[str, ...]]

    def for_part(self, part: str) -> tuple[str, ...]:
        """Devices for `part`, e.g. ("NPU", "CPU")."""
        return self.order[part]

    @classmethod
    def make(cls, inventory: DeviceInventory, preference: str = AUTO) -> DevicePlan:
        """DEFAULT_ORDER filtered to existing devices; a preference ("CPU", "GPU", "NPU") goes
        first for every part that can run there (the decoder stays on the CPU: it is stateful
        and beam search reorders its cache)."""
        order: dict[str, tuple[str, ...]] = {}
        for part, defaults in DEFAULT_ORDER.items():
            wanted: Sequence[str] = defaults
            if preference != AUTO and part != DECODER:
                wanted = (preference, *[d for d in defaults if d != preference])
            devices = [d for d in wanted if d == "CPU" or inventory.has(d)]
            if "CPU" not in devices:
                devices.append("CPU")
            order[part] = tuple(devices)
        return cls(order=order)
