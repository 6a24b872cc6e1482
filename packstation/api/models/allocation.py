"""What selecting a delivery option (or allocating) returns."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from packstation.api.models.base import ApiList, ApiModel
from packstation.api.models.common import ApiLink
from packstation.api.models.packages import ConsignmentLeg
from packstation.api.references import find_consignment_reference

_DETAIL_REL = "detail"


class AllocationResult(ApiModel):
    """Read from any of the three documented forms of the select response: a full
    AllocationSummary, an object holding only `ApiLinks`, or a bare array of links.

    The new consignment's EC reference is only inside the links (or the Description text);
    a response without one is refused as malformed, because nothing could be done with it."""

    status_code: int | None = None
    api_links: ApiList[ApiLink] = ()
    description: str | None = None
    legs: ApiList[ConsignmentLeg] = Field(default=(), alias="ConsignmentLegs")
    carrier_reference: str | None = None
    carrier_name: str | None = None
    carrier_service_reference: str | None = None
    carrier_service_name: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _accept_bare_links(cls, data: Any) -> Any:
        return {"ApiLinks": data} if isinstance(data, list) else data

    @model_validator(mode="after")
    def _names_a_consignment(self) -> AllocationResult:
        if self._find_consignment_reference() is None:
            raise ValueError("no consignment reference (EC-xxx-xxx-xxx) in ApiLinks or Description")
        return self

    def _find_consignment_reference(self) -> str | None:
        details = [link.href for link in self.api_links if (link.rel or "").lower() == _DETAIL_REL]
        others = [link.href for link in self.api_links]
        return find_consignment_reference([*details, *others, self.description])

    @property
    def consignment_reference(self) -> str:
        found = self._find_consignment_reference()
        assert found is not None  # guaranteed by validation
        return found

    @property
    def tracking_references(self) -> tuple[str, ...]:
        return tuple(reference for leg in self.legs for reference in leg.tracking_references)
