"""Why a pack could not go on, in words a packer can act on."""

from __future__ import annotations

from collections.abc import Sequence

from packstation.printing.protocol import PrinterStatus
from packstation.workflow.journal import PackRecord
from packstation.workflow.shipping_api import ShippingError


class WorkflowError(ShippingError):
    """Base for refusals that come from the workflow itself, not from SortedPRO."""


class WorkflowStateError(WorkflowError):
    pass


class PackParkedError(WorkflowError):
    def __init__(self, record: PackRecord) -> None:
        reason = record.parked_reason or "The pack needs attention."
        super().__init__(f"Order {record.order_reference} was parked: {reason}")
        self.record = record


class PackedElsewhereError(WorkflowError):
    def __init__(self, order_reference: str, consignments: Sequence[str]) -> None:
        listed = ", ".join(consignments)
        super().__init__(
            f"Order {order_reference} already has a live consignment that this station did "
            f"not make: {listed}. Another station may be packing it; check before going on."
        )
        self.order_reference = order_reference
        self.consignments = tuple(consignments)


class NoBookableOptionError(WorkflowError):
    def __init__(self, order_reference: str) -> None:
        super().__init__(
            f"No delivery option can take order {order_reference} as packed. Check the "
            "weights and sizes, or split it into more packages, then get options again."
        )
        self.order_reference = order_reference


class PrinterNotReadyError(WorkflowError):
    def __init__(self, status: PrinterStatus) -> None:
        super().__init__(
            f"The label printer is not ready: {status.message} Fix the printer first, or book "
            "now and print later."
        )
        self.status = status
