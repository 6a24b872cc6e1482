from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QWidget

from packstation.api_key_store import API_KEY_ENV_VAR
from packstation.config import (
    KEYRING_SERVICE,
    ApiEnvironment,
    StationSettings,
    load_settings,
    settings_path,
)
from packstation.ui.tasks import TaskRunner
from packstation.ui.views.api_key_field import LOAD_KEY_TASK
from packstation.ui.views.settings_dialog import SAVE_TASK, SettingsDialog
from packstation.ui.views.settings_validation import Field
from tests.support.memory_keyring import LockedKeyring, MemoryKeyring

SECRET = "sk-live-8f3a9c2e71d44b0c9e55"
PRINTERS = ["Zebra_ZD421", "Office_LaserJet"]


@pytest.fixture(autouse=True)
def loop(qasync_loop):
    return qasync_loop


@pytest.fixture
def use_keyring(monkeypatch):
    """Install a keyring backend for one test, then put the suite's back."""
    monkeypatch.delenv(API_KEY_ENV_VAR, raising=False)
    previous = keyring.get_keyring()
    installed: list[object] = []

    def install(backend):
        monkeypatch.setenv(
            "PYTHON_KEYRING_BACKEND", f"{type(backend).__module__}.{type(backend).__name__}"
        )
        keyring.set_keyring(backend)
        installed.append(backend)
        return backend

    yield install
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring(use_keyring):
    return use_keyring(MemoryKeyring())


def make_dialog(qtbot, tmp_path: Path, environment=ApiEnvironment.SORTED_SANDBOX, **settings):
    tasks = TaskRunner()
    current = StationSettings(
        environment=environment, station_name="Bench 1", data_dir=tmp_path / "data", **settings
    )
    dialog = SettingsDialog(current, PRINTERS, tasks=tasks, config_dir=tmp_path / "config")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: not tasks.is_busy(LOAD_KEY_TASK))
    return dialog, tasks


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    edit.del_()
    qtbot.keyClicks(edit, text)


def save_and_wait(qtbot, dialog: SettingsDialog, tasks: TaskRunner) -> None:
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not tasks.is_busy(SAVE_TASK))


def every_text(root: QWidget) -> list[str]:
    texts = [root.windowTitle()]
    for widget in root.findChildren(QWidget):
        texts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText()]
        elif isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QComboBox):
            texts += [widget.currentText()] + [widget.itemText(i) for i in range(widget.count())]
    return texts


def test_each_message_appears_next_to_its_own_field(qtbot, tmp_path, memory_keyring) -> None:
    dialog, _ = make_dialog(qtbot, tmp_path)
    type_into(qtbot, dialog.station_name, "Bench/1!")
    dialog.label_printer.combo.setEditText("tcp://192.168.1.50:91000")
    dialog.document_printer.combo.setEditText("tcp://")
    dialog.rule.kind.setCurrentIndex(dialog.rule.kind.findData("preferred"))

    errors = {field: holder.error for field, holder in dialog.fields.items() if holder.error}
    assert errors == {
        Field.STATION_NAME: "Station name: letters, digits, spaces, - and _, up to 40 characters",
        Field.LABEL_PRINTER: "Port must be 1–65535",
        Field.DOCUMENT_PRINTER: "'tcp://' is not a valid address; write it as tcp://HOST:9100",
        Field.RULE: "List at least one carrier or service, separated by commas",
    }
    assert dialog.fields[Field.LABEL_PRINTER].error_label.isVisible()
    assert not dialog.fields[Field.SHIPPING_LOCATION].error_label.isVisible()
    labels = dialog.findChildren(QLabel)
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)

    dialog.label_printer.combo.setEditText("tcp://192.168.1.50:9100")
    assert dialog.fields[Field.LABEL_PRINTER].error is None


def test_save_is_refused_while_a_field_is_invalid(qtbot, tmp_path, memory_keyring) -> None:
    dialog, tasks = make_dialog(qtbot, tmp_path)
    dialog.label_printer.combo.setEditText("tcp://printer:0")
    with qtbot.assertNotEmitted(dialog.settings_saved):
        save_and_wait(qtbot, dialog, tasks)
    assert not settings_path(tmp_path / "config").exists()
    assert dialog.isVisible()
    assert dialog.status.text() == "Not saved: correct the fields marked in red."
    assert dialog.label_printer.combo.lineEdit().hasFocus()


def test_a_valid_save_writes_the_file_stores_the_key_and_never_shows_it(
    qtbot, tmp_path, memory_keyring
) -> None:
    dialog, tasks = make_dialog(qtbot, tmp_path)
    type_into(qtbot, dialog.station_name, "Bench 7")
    dialog.label_printer.combo.setEditText("tcp://192.168.1.50:9100")
    dialog.label_format.setCurrentIndex(dialog.label_format.findData("zpl"))
    dialog.sounds.setChecked(False)
    type_into(qtbot, dialog.api_key.edit, SECRET)

    with qtbot.waitSignal(dialog.settings_saved) as saved:
        save_and_wait(qtbot, dialog, tasks)

    new: StationSettings = saved.args[0]
    assert (new.station_name, new.label_printer, new.label_format, new.sounds) == (
        "Bench 7",
        "tcp://192.168.1.50:9100",
        "zpl",
        False,
    )
    file = settings_path(tmp_path / "config")
    assert SECRET not in file.read_text(encoding="utf-8")
    assert json.loads(file.read_text(encoding="utf-8"))["station_name"] == "Bench 7"
    assert load_settings(tmp_path / "config").label_printer == "tcp://192.168.1.50:9100"
    stored = memory_keyring.passwords[(KEYRING_SERVICE, ApiEnvironment.SORTED_SANDBOX.value)]
    assert stored == SECRET
    assert not dialog.isVisible()  # accepted
    assert not any(SECRET in text for text in every_text(dialog))
    assert dialog.api_key.edit.placeholderText() == "••••••••9e55 stored"


def test_production_with_a_plaintext_keyring_refuses_the_key_but_saves_the_rest(
    qtbot, tmp_path, use_keyring
) -> None:
    plaintext = use_keyring(PlaintextKeyring())
    plaintext.file_path = str(tmp_path / "never-written.cfg")
    dialog, tasks = make_dialog(qtbot, tmp_path, environment=ApiEnvironment.PRODUCTION)
    assert dialog.api_key.error_label.isVisible()
    assert "No secure keyring is available" in dialog.api_key.error_label.text()
    assert not dialog.api_key.edit.isEnabled()

    type_into(qtbot, dialog.station_name, "Bench 2")
    with qtbot.waitSignal(dialog.settings_saved):
        save_and_wait(qtbot, dialog, tasks)
    assert load_settings(tmp_path / "config").station_name == "Bench 2"
    assert not (tmp_path / "never-written.cfg").exists()


def test_a_keyring_refusing_the_write_keeps_the_dialog_open_with_its_reason(
    qtbot, tmp_path, use_keyring
) -> None:
    use_keyring(LockedKeyring())
    dialog, tasks = make_dialog(qtbot, tmp_path)
    type_into(qtbot, dialog.api_key.edit, SECRET)
    with qtbot.waitSignal(dialog.settings_saved):
        save_and_wait(qtbot, dialog, tasks)
    assert dialog.isVisible()
    assert "The system keyring refused the key" in dialog.api_key.error_label.text()
    assert "API key was not stored" in dialog.status.text()
    assert settings_path(tmp_path / "config").exists()
    assert not any(SECRET in text for text in every_text(dialog))


def test_forget_key_removes_it_on_save(qtbot, tmp_path, memory_keyring) -> None:
    memory_keyring.set_password(KEYRING_SERVICE, ApiEnvironment.SORTED_SANDBOX.value, SECRET)
    dialog, tasks = make_dialog(qtbot, tmp_path)
    assert dialog.api_key.edit.placeholderText() == "••••••••9e55 stored"
    dialog.api_key.forget_button.click()
    save_and_wait(qtbot, dialog, tasks)
    assert memory_keyring.passwords == {}


def test_demo_needs_no_key_and_the_environment_switch_reloads_it(
    qtbot, tmp_path, memory_keyring
) -> None:
    memory_keyring.set_password(KEYRING_SERVICE, ApiEnvironment.PRODUCTION.value, "prod-key-0042")
    dialog, _ = make_dialog(qtbot, tmp_path, environment=ApiEnvironment.DEMO)
    assert not dialog.api_key.edit.isEnabled()
    dialog.environment.setCurrentIndex(dialog.environment.findData("production"))
    qtbot.waitUntil(lambda: dialog.api_key.edit.placeholderText() == "••••••••0042 stored")
    assert dialog.api_key.edit.isEnabled()


def test_ctrl_s_saves_and_escape_closes(qtbot, tmp_path, memory_keyring) -> None:
    dialog, tasks = make_dialog(qtbot, tmp_path)
    with qtbot.waitSignal(dialog.settings_saved):
        qtbot.keyClick(dialog.station_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not tasks.is_busy(SAVE_TASK))

    dialog.show()
    qtbot.keyClick(dialog.station_name, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_folder_choice_and_test_label(qtbot, tmp_path, memory_keyring) -> None:
    dialog, _ = make_dialog(qtbot, tmp_path)
    field = dialog.label_printer
    folder_item = field.combo.count() - 1
    field.combo.activated.emit(folder_item)
    assert field.folder_dialog is not None and field.folder_dialog.isVisible()
    field.folder_dialog.fileSelected.emit(str(tmp_path / "labels"))
    field.folder_dialog.close()
    assert field.text() == f"file:{tmp_path / 'labels'}"

    with qtbot.waitSignal(dialog.test_label_requested) as requested:
        dialog.test_label_button.click()
    assert requested.args == [f"file:{tmp_path / 'labels'}"]

    field.set_text("")
    with qtbot.waitSignal(dialog.test_label_requested) as requested:
        dialog.test_label_button.click()
    assert requested.args == [f"file:{tmp_path / 'data' / 'labels'}"]
