"""Free-space check before `models get`: the download plus the conversion must fit.

The conversion writes the bundle once in staging and the import copies it once more, so the
models folder needs twice the installed size at its peak.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.models.errors import DownloadError
from assistant.models.hub_plan import GetPlan

RECIPE_SHARE = {"fp32": 1.3, "fp16": 0.65, "int8": 0.33, "int4": 0.27}
"""Installed bundle size as a share of an f32 checkpoint, when no catalogue figure exists (the
shared embedding is stored in each part)."""
MARGIN_BYTES = 256 * 1024 * 1024


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _already_downloaded(folder: Path) -> int:
    if not folder.exists():
        return 0
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def installed_estimate(plan: GetPlan, recipe: str) -> int:
    """Bytes the installed bundle will take."""
    if plan.entry is not None and plan.entry.installed_bytes:
        return plan.entry.installed_size(recipe)
    return int(plan.download_bytes * RECIPE_SHARE.get(recipe, 1.3))


def check_free_space(plan: GetPlan, recipe: str, download_dir: Path, models_dir: Path) -> None:
    """Raise DownloadError, before anything is downloaded, when the disk is too small."""
    download_need = max(0, plan.download_bytes - _already_downloaded(download_dir))
    models_need = 2 * installed_estimate(plan, recipe)
    needs: dict[int, tuple[int, Path]] = {}
    for folder, need in ((download_dir, download_need), (models_dir, models_need)):
        where = _existing(folder)
        device = where.stat().st_dev
        previous = needs.get(device, (0, where))[0]
        needs[device] = (previous + need, where)
    for need, where in needs.values():
        free = shutil.disk_usage(where).free
        need += MARGIN_BYTES
        if need > free:
            raise DownloadError(
                f"Not enough disk space for {plan.repo}: it needs about {_gib(need)} "
                f"(download and conversion) on the disk holding {where}, which has "
                f"{_gib(free)} free. Free some space and try again; nothing was downloaded."
            )


def _gib(count: int) -> str:
    return f"{count / 2**30:.1f} GiB"
