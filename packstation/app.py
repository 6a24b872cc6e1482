"""Start the window: Qt application, qasync loop, the main window, then the runtime.

Follows the start-up recipe in docs/design: the app does not quit when its last window closes;
closing the main window sets an event, `_main` awaits it, closes the station (sandbox, HTTP
client, journal) and returns. `app.quit()` is never called directly.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

import qasync
from PySide6.QtWidgets import QApplication

from packstation.config import StationSettings
from packstation.log import RedactingFilter, configure_logging
from packstation.pyside_compat import pin_singletons
from packstation.runtime import open_runtime
from packstation.station_lifecycle import StationLifecycle
from packstation.ui.app_icon import app_icon
from packstation.ui.i18n import install_translator
from packstation.ui.main_window import MainWindow
from packstation.ui.messages import MessageChannel
from packstation.ui.sounds import Sounds
from packstation.ui.style import apply_style

log = logging.getLogger(__name__)

WINDOW_SIZE = (1366, 768)
# For bench/: the file gets the monotonic time of the first event-loop turn after `show()`, and
# the window then closes (the orderly shutdown runs). Never set in normal use.
STARTUP_PROBE_ENV = "PACKSTATION_STARTUP_PROBE"
ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


def qt_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    pin_singletons()  # see packstation.pyside_compat: before the first Qt call
    app = QApplication(sys.argv[:1])
    app.setApplicationName("packstation")
    app.setOrganizationName("packstation")
    app.setQuitOnLastWindowClosed(False)
    apply_style(app)
    install_translator(app)
    app.setWindowIcon(app_icon())
    return app


def run_gui(settings: StationSettings, *, smoke: bool = False) -> int:
    if smoke:
        from packstation.smoke import run_smoke

        return run_smoke()
    redactor = configure_logging(log_dir=settings.data_dir / "logs")
    qt_application()
    with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
        return runner.run(_main(settings, redactor))


async def _main(settings: StationSettings, redactor: RedactingFilter) -> int:
    messages = MessageChannel()
    window = MainWindow(
        messages=messages, sounds=Sounds(enabled=settings.sounds), redact=redactor.redact
    )
    window.resize(*WINDOW_SIZE)
    closed = asyncio.Event()
    window.close_requested.connect(closed.set)
    lifecycle = StationLifecycle(
        window, messages, opener=lambda s: open_runtime(s, register_secret=redactor.add_secret)
    )
    restore_hooks = install_crash_hooks(window)
    window.show()
    probe = os.environ.get(STARTUP_PROBE_ENV)
    if probe:
        asyncio.get_running_loop().call_soon(_report_startup, probe, window)
    try:
        await lifecycle.start(settings)
        await closed.wait()
    finally:
        window.tasks.cancel_all()
        await window.tasks.wait_idle()
        await lifecycle.stop()
        restore_hooks()
    return 0


def _report_startup(path: str, window: MainWindow) -> None:
    with open(path, "w", encoding="ascii") as probe:
        probe.write(f"{time.monotonic()!r}\n")
    window.close()


def install_crash_hooks(window: MainWindow) -> Callable[[], None]:
    """Route anything unhandled (Qt slots, loop callbacks) to the crash dialog."""
    previous_hook = sys.excepthook
    loop = asyncio.get_running_loop()
    previous_handler = loop.get_exception_handler()

    def excepthook(
        kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        log.error("unhandled exception", exc_info=(kind, error, trace))
        window.show_crash("unhandled", error)

    def loop_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        error = context.get("exception")
        if isinstance(error, BaseException):
            log.error("unhandled exception in the event loop", exc_info=error)
            window.show_crash("event loop", error)
        else:
            loop.default_exception_handler(context)

    sys.excepthook = excepthook
    loop.set_exception_handler(loop_handler)

    def restore() -> None:
        sys.excepthook = previous_hook
        loop.set_exception_handler(previous_handler)

    return restore
