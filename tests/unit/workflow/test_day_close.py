from __future__ import annotations

from datetime import date

from packstation.workflow.day_close import DayClose
from packstation.workflow.packing import PackingService, WorkflowSettings

from .fakes import NOW, FakeConsignment, FakePrinterFactory, FakeShippingApi, make_order


async def test_day_close_groups_warns_unprinted_manifests_and_names_failures(journal) -> None:
    api = FakeShippingApi()
    for n in range(3):
        api.add_order(make_order(f"EO-000-001-00{n}"))
    packing = PackingService(
        api=api,
        journal=journal,
        printers=FakePrinterFactory(),
        settings=WorkflowSettings(
            station="b1", shipping_location_reference="SL", label_printer="fake:l"
        ),
        clock=lambda: NOW,
    )
    packed = [await packing.scan_to_print(f"EO-000-001-00{n}") for n in range(3)]
    api.consignments["EC-NOT-PRI-NTD"] = FakeConsignment("EC-NOT-PRI-NTD", "elsewhere")
    failing = packed[1].record.consignment_reference
    api.manifest_fails.add(failing)

    day_close = DayClose(
        api=api, journal=journal, shipping_location_reference="SL", poll_interval=0.01
    )
    summary = await day_close.summarize(date(2026, 11, 23))
    assert summary.total == 4
    assert summary.not_printed == ("EC-NOT-PRI-NTD",)

    seen = []
    result = await day_close.close(summary, progress=seen.append)
    assert len(result.manifested) == 3
    assert [(f.consignment_reference, f.message) for f in result.failures] == [
        (failing, "Carrier rejected the postcode")
    ]
    assert result.still_pending == ()
    assert seen[-1].carriers_done == seen[-1].carriers_total
    failed_pack = await journal.find_by_consignment(failing)
    assert failed_pack.manifest_state == "ManifestFailed"
    assert sum(c.startswith("manifest") for c in api.calls) == len(summary.groups)
