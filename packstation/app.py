"""Start the window: Qt application, qasync loop, the main window, then the runtime.

Follows the start-up recipe in docs/design: the app does not quit when its last window closes;
closing the main window sets an event, `_main` awaits it, closes the station (sandbox, HTTP
client, journal) and returns. `app.quit()` is never called directly.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

import qasync
from PySide6.QtWidgets import QApplication

from packstation.log import RedactingFilter, configure_logging
from packstation.pyside_compat import pin_singletons
from packstation.ui.app_icon import app_icon
from packstation.ui.i18n import install_translator
from packstation.ui.main_window import MainWindow
from packstation.ui.messages import MessageChannel
from packstation.ui.sounds import Sounds
from packstation.ui.style import apply_style

if TYPE_CHECKING:
    from packstation.config import StationSettings
    from packstation.station_lifecycle import StationLifecycle

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


def run_gui(settings: StationSettings | None, *, smoke: bool = False) -> int:
    """The window until it is closed. `settings` None: read the settings file once the window
    shows (exit status 2, with the reason on stderr, if it is not valid)."""
    if smoke:
        from packstation.smoke import run_smoke

        return run_smoke()
    qt_application()
    with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
        return runner.run(_main(settings))


async def _main(settings: StationSettings | None) -> int:
    # The window first: it shows, says "Starting…" and paints before the settings, the API
    # client, the models and the workflow are loaded (about half a second of imports).
    messages = MessageChannel()
    sounds = Sounds(enabled=False)  # until the settings are read
    redactors = [RedactingFilter()]  # the one configure_logging makes replaces it
    window = MainWindow(
        messages=messages, sounds=sounds, redact=lambda text: redactors[-1].redact(text)
    )
    window.resize(*WINDOW_SIZE)
    closed = asyncio.Event()
    window.close_requested.connect(closed.set)
    restore_hooks = install_crash_hooks(window)
    window.show()
    probe = os.environ.get(STARTUP_PROBE_ENV)
    if probe:
        asyncio.get_running_loop().call_soon(_report_startup, probe, window)
    lifecycle: StationLifecycle | None = None
    try:
        await asyncio.sleep(0)  # the first paint
        if settings is None:
            settings = await asyncio.to_thread(_settings_or_none)
            if settings is None:
                window.close()
                return 2
        redactor = configure_logging(log_dir=settings.data_dir / "logs")
        redactors.append(redactor)
        sounds.set_enabled(settings.sounds)
        # The API client, models and workflow hold no Qt: imported off the event loop.
        await asyncio.to_thread(importlib.import_module, "packstation.runtime")
        from packstation.runtime import open_runtime
        from packstation.station_lifecycle import StationLifecycle

        if not closed.is_set():
            lifecycle = StationLifecycle(
                window,
                messages,
                opener=lambda s: open_runtime(s, register_secret=redactor.add_secret),
            )
            await lifecycle.start(settings)
        await closed.wait()
    finally:
        window.tasks.cancel_all()
        await window.tasks.wait_idle()
        if lifecycle is not None:
            await lifecycle.stop()
        restore_hooks()
    return 0


def _settings_or_none() -> StationSettings | None:
    from pydantic import ValidationError

    from packstation.config import load_settings, settings_path

    try:
        return load_settings()
    except ValidationError as error:
        sys.stderr.write(f"The settings in {settings_path()} are not valid:\n{error}\n")
        return None


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
