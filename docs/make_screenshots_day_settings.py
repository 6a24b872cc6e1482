"""Regenerate the end-of-day and settings screenshots from the test fakes.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots_day_settings.py

Writes docs/screenshots/end-of-day.png (after a close with one failure, while a late parcel and
the failed one wait), end-of-day-confirm.png (the confirmation) and settings.png (with one
field refused).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
import qasync  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from packstation.config import ApiEnvironment, RuleSettings, StationSettings  # noqa: E402
from packstation.ui.messages import MessageChannel  # noqa: E402
from packstation.ui.style import apply_style  # noqa: E402
from packstation.ui.tasks import TaskRunner  # noqa: E402
from packstation.ui.views.day_close_view import DayCloseView  # noqa: E402
from packstation.ui.views.settings_dialog import SettingsDialog  # noqa: E402
from packstation.workflow.shipping_api import (  # noqa: E402
    CarrierInfo,
    ConsignmentInfo,
    ManifestOutcome,
)
from tests.support.memory_keyring import MemoryKeyring  # noqa: E402
from tests.support.pyside_refcount import pin_singletons  # noqa: E402
from tests.ui.day_close_fixtures import pack_a_day  # noqa: E402
from tests.unit.workflow.fakes import FakeConsignment, FakeShippingApi  # noqa: E402

SHOTS = ROOT / "docs" / "screenshots"
SUPERVISOR_TIME = datetime(2026, 11, 23, 16, 40)
CARRIERS = (("DPD", "DPD"), ("EVRI", "Evri"), ("ROYALMAIL", "Royal Mail"))
CUTOFFS = {"DPD": time(17, 30), "EVRI": time(18, 15)}  # Royal Mail's is not known
DAY_SIZE = (1366, 768)
NOT_PRINTED = "EC-000-5FQ-NPR"
LATE_PARCEL = "EC-000-7K2-LTE"


@dataclass
class ThreeCarrierApi(FakeShippingApi):
    """The workflow fake, spread over three carriers, with a late parcel during the close."""

    carrier_of: dict[str, tuple[str, str]] = field(default_factory=dict)

    async def carriers(self) -> list[CarrierInfo]:
        return [CarrierInfo(ref, name, CUTOFFS.get(ref)) for ref, name in CARRIERS]

    def _info(self, c: FakeConsignment) -> ConsignmentInfo:
        reference, name = self.carrier_of.setdefault(
            c.reference, CARRIERS[len(self.carrier_of) % len(CARRIERS)]
        )
        info = super()._info(c)
        return ConsignmentInfo(
            **{**info.__dict__, "carrier_reference": reference, "carrier_name": name}
        )

    async def manifest(self, **query: Any) -> ManifestOutcome:
        outcome = await super().manifest(**query)
        if sum(call.startswith("manifest") for call in self.calls) == len(CARRIERS):
            # packed at the next bench while the supervisor was closing the day
            self.consignments[LATE_PARCEL] = FakeConsignment(LATE_PARCEL, "bench-2")
            self.carrier_of[LATE_PARCEL] = CARRIERS[0]
        return outcome


async def settle(app: QApplication, tasks: TaskRunner) -> None:
    await tasks.wait_idle()
    for _ in range(5):
        app.processEvents()
        await asyncio.sleep(0.05)


def save(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))
    print(f"wrote {SHOTS / name}")  # noqa: T201  (a command-line script)


async def end_of_day(app: QApplication, directory: Path) -> None:
    day = await pack_a_day(
        directory, api=ThreeCarrierApi(), orders=11, not_printed=NOT_PRINTED, failing_order=4
    )
    day_close, journal = day.day_close, day.journal
    tasks = TaskRunner()
    view = DayCloseView(day_close, tasks, MessageChannel(), clock=lambda: SUPERVISOR_TIME)
    view.resize(*DAY_SIZE)
    view.show()
    view.refresh()
    await settle(app, tasks)
    view.close_button.click()
    await settle(app, tasks)
    save(view, "end-of-day-confirm.png")
    view.confirm_bar.confirm_button.click()
    await settle(app, tasks)
    save(view, "end-of-day.png")
    view.close()
    await journal.close()


async def settings(app: QApplication, directory: Path) -> None:
    keyring.set_keyring(MemoryKeyring())
    keyring.set_password("packstation", ApiEnvironment.SORTED_SANDBOX.value, "sk-sandbox-1234")
    current = StationSettings(
        environment=ApiEnvironment.SORTED_SANDBOX,
        shipping_location_reference="SL-000-4B7-WHS",
        station_name="Bench 1",
        label_printer="tcp://192.168.1.50:91000",
        document_printer="Office_LaserJet",
        label_format="zpl",
        rule=RuleSettings(kind="preferred", preferences=("DPD Next Day", "Evri")),
        data_dir=directory,
    )
    tasks = TaskRunner()
    dialog = SettingsDialog(
        current, ["Zebra_ZD421", "Office_LaserJet"], tasks=tasks, config_dir=directory
    )
    dialog.show()
    await settle(app, tasks)
    dialog.adjustSize()
    await settle(app, tasks)
    save(dialog, "settings.png")
    dialog.close()


async def main(app: QApplication) -> None:
    with tempfile.TemporaryDirectory() as folder:
        await end_of_day(app, Path(folder))
        await settings(app, Path(folder))


if __name__ == "__main__":
    pin_singletons()
    application = QApplication(sys.argv[:1])
    application.setQuitOnLastWindowClosed(False)
    apply_style(application)
    with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
        runner.run(main(application))
