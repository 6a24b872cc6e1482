"""Starting the station for the window when the runtime cannot open."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest

from packstation.config import ApiEnvironment, StationSettings
from packstation.runtime import MissingApiKeyError
from packstation.station_lifecycle import StationLifecycle
from packstation.ui.main_window import MainWindow
from packstation.ui.messages import MessageChannel, Severity
from packstation.ui.sound_player import SilentSounds

from .pack_fixtures import OFFSCREEN_NOTES, run

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(OFFSCREEN_NOTES)]


@asynccontextmanager
async def no_key(settings: StationSettings):
    raise MissingApiKeyError(settings.environment)
    yield  # an async context manager, like open_runtime


def test_a_missing_api_key_says_what_to_do_and_settings_stay_reachable(
    qtbot, qasync_loop, tmp_path
) -> None:
    messages = MessageChannel()
    window = MainWindow(messages=messages, sounds=SilentSounds(), redact=lambda text: text)
    qtbot.addWidget(window)
    window.show()
    lifecycle = StationLifecycle(window, messages, opener=no_key)
    settings = StationSettings(environment=ApiEnvironment.PRODUCTION, data_dir=tmp_path)
    assert run(qtbot, lifecycle.start(settings)) is False
    assert lifecycle.runtime is None
    assert window.pages.currentWidget() is window.starting
    assert window.starting.text().startswith("Not connected. Open Settings (Ctrl+,)")
    assert messages.latest.severity is Severity.ERROR
    assert "No API key is stored for Production" in messages.latest.text
    assert window.current_settings == settings  # what Settings (Ctrl+,) will open with
    assert window.crash_dialog is None  # an expected problem, not a crash
