"""`assistant models get`: a catalogue model or any Hub M2M-100 repo, downloaded, checked,
converted natively, signed with the install key and installed atomically.

Every failure ends with one message and nothing installed; only a download that was cut off
(not cancelled) stays in the cache, so the next `get` resumes it. Worker thread only.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from assistant.core.cancel import CancelToken
from assistant.core.errors import BadInputError
from assistant.core.progress import ProgressCallback, no_progress
from assistant.models.disk_space import check_free_space
from assistant.models.hub_fetch import fetch_plan, repo_cache_dir
from assistant.models.hub_plan import GetPlan, make_plan, resolve_source
from assistant.models.importer import import_bundle
from assistant.models.manifest import MODEL_ID_PATTERN
from assistant.models.recipes import DEFAULT_RECIPE, get_recipe
from assistant.models.store import InstalledModel, ModelStore

HUB_CACHE = "hub"


class UnpinnedSourceError(BadInputError):
    """A repo outside the catalogue was named without the user's confirmation."""


@dataclass(frozen=True)
class GetRequest:
    """What the user asked `get` for."""

    source: str
    revision: str | None = None
    recipe: str = DEFAULT_RECIPE
    allow_unpinned: bool = False
    """The user confirmed a repo that is not in the catalogue (CLI `--yes`, a GUI question)."""
    model_id: str | None = None


def unpinned_warning(repo: str) -> str:
    """What the user must accept before an unpinned repo is used."""
    return (
        f"{repo} is not in the app's catalogue, so nothing vouches for its files except the "
        "Hub's own listing: the app checks each file against the hashes the Hub publishes for "
        "the commit, converts it on this machine and signs it with this install's key."
    )


def _model_id(request: GetRequest, plan: GetPlan, recipe: str) -> str:
    if request.model_id:
        candidate = request.model_id
    else:
        base = plan.entry.entry_id if plan.entry else plan.repo.split("/")[-1].lower()
        base = "".join(c if c.isalnum() or c in "._-" else "-" for c in base).strip("-._")
        candidate = f"{base}-{recipe}" if plan.kind == "m2m100" else base
    if not MODEL_ID_PATTERN.match(candidate):
        raise BadInputError(f"'{candidate}' is not a valid model id (a-z, 0-9, '.', '_', '-').")
    return candidate


def _build_bundle(
    plan: GetPlan,
    folder: Path,
    out: Path,
    key: Ed25519PrivateKey,
    recipe: str,
    model_id: str,
    on_progress: ProgressCallback,
) -> None:
    provenance = {
        "source": f"{plan.repo}@{plan.commit}",
        "source_pin": "catalogue" if plan.pinned else "hub metadata (unpinned, confirmed)",
    }
    if plan.kind == "m2m100":
        from assistant.models.convert import convert_m2m100

        convert_m2m100(
            folder,
            out,
            key,
            recipe,
            model_id,
            on_progress=lambda stage, fraction: on_progress(f"convert: {stage}", fraction),
            description=f"M2M-100 from {plan.repo} at {plan.commit[:12]}",
            provenance=provenance,
        )
    else:
        from assistant.models.triage import make_triage_bundle

        make_triage_bundle(folder, out, key, model_id, provenance=provenance)


def get_model(
    request: GetRequest,
    store: ModelStore,
    key: Ed25519PrivateKey,
    on_progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> InstalledModel:
    """Download, check, convert, sign and install what `request` names. `cancel` is the token
    behind `on_progress` when the caller has one: cancelled with `keep_partial`, a download
    stops and stays in the cache for the next get."""
    recipe = get_recipe(request.recipe).name
    repo, entry = resolve_source(request.source)
    if entry is None and not request.allow_unpinned:
        raise UnpinnedSourceError(
            unpinned_warning(repo) + " To go ahead, run the same command with --yes."
        )
    plan = make_plan(request.source, request.revision)
    model_id = _model_id(request, plan, recipe)
    paths = store.paths
    cache_dir = paths.downloads / HUB_CACHE
    cache_dir.mkdir(parents=True, exist_ok=True)
    check_free_space(plan, recipe, repo_cache_dir(cache_dir, plan.repo), paths.models)
    folder = fetch_plan(plan, cache_dir, on_progress, cancel)
    work = store.new_staging_dir()
    try:
        bundle = work / model_id
        _build_bundle(plan, folder, bundle, key, recipe, model_id, on_progress)
        installed = import_bundle(bundle, store, on_progress)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(repo_cache_dir(cache_dir, plan.repo), ignore_errors=True)
    return installed
