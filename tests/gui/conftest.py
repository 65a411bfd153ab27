"""GUI fixtures: a qasync loop driven by pytest-qt's event processing, and the real backend."""

from __future__ import annotations

import asyncio
import gc
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import qasync
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from assistant.crash import install_excepthook
from assistant.gui.jobs import JobRunner
from assistant.gui.model_getter import ModelGetter
from assistant.gui.model_listing import ModelListing
from assistant.gui.model_manager import ModelManager
from assistant.models.store import ModelStore
from assistant.paths import AppPaths


@pytest.fixture(autouse=True)
def collect_qt_garbage() -> Iterator[None]:
    """Free the test's widgets on the GUI thread once pytest-qt has closed them, so Python's
    cycle collector never finalises them later from a worker thread."""
    yield
    QApplication.processEvents()
    gc.collect()
    QApplication.processEvents()


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    """The app's asyncio loop on top of Qt; `qtbot.waitUntil` runs both."""
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    for task in asyncio.all_tasks(loop):
        task.cancel()
    asyncio.set_event_loop(None)


@pytest.fixture
def crash_reports() -> Iterator[list[str]]:
    """Uncaught exceptions during the test land here instead of a dialog; tests assert none."""
    import sys

    previous = sys.excepthook
    reports: list[str] = []
    install_excepthook(reports.append)
    yield reports
    sys.excepthook = previous


WaitUntil = Callable[[Callable[[], bool], int], None]


@pytest.fixture
def wait_for(qtbot: QtBot) -> WaitUntil:
    """`wait_for(condition, timeout_ms)`: process Qt and asyncio events until it holds."""

    def wait(condition: Callable[[], bool], timeout_ms: int = 20_000) -> None:
        qtbot.waitUntil(condition, timeout=timeout_ms)

    return wait


@pytest.fixture
def gui_switch_interval() -> Iterator[float]:
    """The interpreter's thread switch interval as the app sets it; restored afterwards."""
    from assistant.gui.composition import GIL_SWITCH_SECONDS

    before = sys.getswitchinterval()
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    yield GIL_SWITCH_SECONDS
    sys.setswitchinterval(before)


@pytest.fixture
def make_shell(qtbot: QtBot, qloop: qasync.QEventLoop, app_paths: AppPaths):
    """Build the real app shell (real backend) for this test's app dirs; closed afterwards
    (the interpreter's switch interval, which the backend sets, is restored too)."""
    from assistant.gui.composition import build_backend
    from assistant.gui.shell import AppShell

    shells: list[AppShell] = []
    switch_interval = sys.getswitchinterval()

    def make(tray_available: bool = False) -> AppShell:
        shell = AppShell(build_backend(app_paths), tray_available=tray_available)
        qtbot.addWidget(shell.window)
        shells.append(shell)
        return shell

    yield make
    for shell in shells:
        shell.tray.hide()
        shell.shutdown()
    sys.setswitchinterval(switch_interval)


@pytest.fixture
def models_thread() -> Iterator[ThreadPoolExecutor]:
    """The models thread of the Models… dialog tests."""
    thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="models")
    yield thread
    thread.shutdown(wait=True)


@pytest.fixture
def listing(qloop: qasync.QEventLoop, app_paths: AppPaths, models_thread) -> ModelListing:
    """The installed models of this test's app dirs, as the models thread lists them."""
    return ModelListing.read_now(ModelStore(app_paths), models_thread, JobRunner())


@pytest.fixture
def getter(app_paths: AppPaths, listing: ModelListing) -> ModelGetter:
    """The Get controller on this test's app dirs."""
    return ModelGetter(app_paths, listing, JobRunner())


@pytest.fixture
def manager(
    qtbot: QtBot, app_paths: AppPaths, listing: ModelListing, getter: ModelGetter
) -> ModelManager:
    """The Models… dialog's controller on this test's app dirs, with `getter`, shown."""
    manager = ModelManager(app_paths, listing, getter, JobRunner())
    qtbot.addWidget(manager.dialog)
    manager.open()
    return manager
