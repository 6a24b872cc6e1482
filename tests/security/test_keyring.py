"""The API key lives only in the OS keyring; production refuses a plaintext keyring and says why,
in the settings screen's words, at start-up in the window, and from the command line."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from contextlib import asynccontextmanager
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from packstation.api_key_store import (
    API_KEY_ENV_VAR,
    KeyringUnavailableError,
    backend_is_plaintext,
    forget_api_key,
    load_api_key,
    store_api_key,
)
from packstation.config import (
    KEYRING_SERVICE,
    ApiEnvironment,
    StationSettings,
    load_settings,
    save_settings,
)
from packstation.runtime import open_runtime
from packstation.station_lifecycle import StationLifecycle
from packstation.ui.main_window import MainWindow
from packstation.ui.messages import MessageChannel, Severity
from packstation.ui.sound_player import SilentSounds
from tests.ui.pack_fixtures import OFFSCREEN_NOTES, run

KEY = "SENTINEL-keyring-key-51c0ffee"
REFUSAL = "No secure keyring is available on this computer"
REPO = Path(__file__).resolve().parents[2]
KEYED = [ApiEnvironment.SORTED_SANDBOX, ApiEnvironment.PRODUCTION]


@pytest.mark.parametrize("environment", KEYED)
def test_the_key_round_trips_through_the_keyring(
    memory_keyring: KeyringBackend, environment: ApiEnvironment
) -> None:
    assert load_api_key(environment) is None
    store_api_key(environment, f"  {KEY}\n")
    assert load_api_key(environment) == KEY
    assert keyring.get_password(KEYRING_SERVICE, environment.value) == KEY
    forget_api_key(environment)
    assert load_api_key(environment) is None


def test_each_environment_has_its_own_key(memory_keyring: KeyringBackend) -> None:
    store_api_key(ApiEnvironment.SORTED_SANDBOX, "sandbox-key")
    store_api_key(ApiEnvironment.PRODUCTION, KEY)
    assert load_api_key(ApiEnvironment.SORTED_SANDBOX) == "sandbox-key"
    assert load_api_key(ApiEnvironment.PRODUCTION) == KEY


def test_demo_mode_needs_no_key_and_stores_none(memory_keyring: KeyringBackend) -> None:
    assert load_api_key(ApiEnvironment.DEMO) is None
    with pytest.raises(ValueError, match="needs no API key"):
        store_api_key(ApiEnvironment.DEMO, KEY)


def test_production_refuses_a_plaintext_keyring_and_says_why(
    plaintext_keyring: KeyringBackend,
) -> None:
    assert backend_is_plaintext()
    with pytest.raises(KeyringUnavailableError) as refused:
        store_api_key(ApiEnvironment.PRODUCTION, KEY)
    message = str(refused.value)
    assert message.startswith(REFUSAL)
    assert "keyrings.alt.file.PlaintextKeyring" in message  # which backend was found
    assert "cannot be stored safely" in message  # why
    assert "GNOME Keyring" in message and "Windows Credential Manager" in message  # what to do
    assert not Path(plaintext_keyring.file_path).exists()  # nothing was written
    with pytest.raises(KeyringUnavailableError, match=REFUSAL):
        load_api_key(ApiEnvironment.PRODUCTION)


@pytest.mark.parametrize(
    "backend", ["keyring.backends.null.Keyring", "keyring.backends.fail.Keyring"]
)
def test_production_refuses_the_backends_that_keep_nothing(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(API_KEY_ENV_VAR, raising=False)
    module, _, name = backend.rpartition(".")
    previous = keyring.get_keyring()
    keyring.set_keyring(getattr(__import__(module, fromlist=[name]), name)())
    try:
        with pytest.raises(KeyringUnavailableError, match=REFUSAL):
            store_api_key(ApiEnvironment.PRODUCTION, KEY)
    finally:
        keyring.set_keyring(previous)


def test_sortedpros_own_sandbox_may_use_a_plaintext_keyring(
    plaintext_keyring: KeyringBackend,
) -> None:
    # A test account's key, on a test machine: allowed, and it really goes into the file
    # (base64 is all the "plaintext" backend does to it).
    store_api_key(ApiEnvironment.SORTED_SANDBOX, KEY)
    assert load_api_key(ApiEnvironment.SORTED_SANDBOX) == KEY
    assert base64.b64encode(KEY.encode()).decode() in Path(plaintext_keyring.file_path).read_text()


def test_settings_files_never_hold_the_key(
    memory_keyring: KeyringBackend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store_api_key(ApiEnvironment.PRODUCTION, KEY)
    monkeypatch.setenv(API_KEY_ENV_VAR, KEY)  # headless use: in the environment, not the file
    monkeypatch.setenv("PACKSTATION_ENVIRONMENT", "production")
    settings = load_settings(tmp_path)
    assert "api_key" not in StationSettings.model_fields
    path = save_settings(settings.model_copy(update={"station_name": "bench 7"}), tmp_path)
    saved = path.read_text(encoding="utf-8")
    assert KEY not in saved
    assert "api_key" not in json.loads(saved)
    assert json.loads(saved)["environment"] == "production"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no stray temp file
    assert load_settings(tmp_path).station_name == "bench 7"


@pytest.fixture
def window(qtbot, qasync_loop) -> MainWindow:
    window = MainWindow(messages=MessageChannel(), sounds=SilentSounds(), redact=lambda t: t)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.qt_log_ignore(OFFSCREEN_NOTES)
def test_the_window_says_why_a_production_station_will_not_start(
    qtbot, window: MainWindow, plaintext_keyring: KeyringBackend, tmp_path: Path
) -> None:
    @asynccontextmanager
    async def real_runtime(settings: StationSettings):  # no printers are touched before the key
        async with open_runtime(settings) as runtime:
            yield runtime

    lifecycle = StationLifecycle(window, window.messages, opener=real_runtime)
    settings = StationSettings(environment=ApiEnvironment.PRODUCTION, data_dir=tmp_path)
    assert run(qtbot, lifecycle.start(settings)) is False
    latest = window.messages.latest
    assert latest is not None and latest.severity is Severity.ERROR
    assert REFUSAL in latest.text
    assert "GNOME Keyring" in latest.text
    assert window.crash_dialog is None  # a known refusal, not a crash
    assert window.starting.text().startswith("Not connected. Open Settings")


def test_the_command_line_says_why_a_production_station_will_not_start(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PACKSTATION_")},
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
        "PACKSTATION_ENVIRONMENT": "production",
        "PACKSTATION_CONFIG_DIR": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "packstation",
            "pack",
            "EO-000-02A-000",
            "--data-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 3, done
    assert REFUSAL in done.stdout
    assert "unexpected" not in done.stdout
