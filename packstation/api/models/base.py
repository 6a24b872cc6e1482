"""The base of every API model, and the lenient field types the documented variants need."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, PlainSerializer
from pydantic.alias_generators import to_pascal

T = TypeVar("T")


class ApiModel(BaseModel):
    """PascalCase on the wire, snake_case in Python; unknown fields ignored; immutable."""

    model_config = ConfigDict(
        alias_generator=to_pascal,
        populate_by_name=True,
        extra="ignore",
        frozen=True,
    )

    def to_api_json(self) -> bytes:
        """The request body: field aliases, absent values left out."""
        return self.model_dump_json(by_alias=True, exclude_none=True).encode()


def _none_as_empty(value: Any) -> Any:
    return () if value is None else value


def _blank_as_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _number_as_text(value: Any) -> Any:
    return str(value) if isinstance(value, int | float | Decimal) else value


MAX_API_DECIMAL = Decimal(10) ** 15
"""No weight, size, price or rate comes near this; a number past it is garbage."""


def _plausible_size(value: Decimal) -> Decimal:
    # "1e9999999999" is a valid Decimal, but multiplying it raises decimal.Overflow and turning
    # it into a float gives inf: refuse it here, where it becomes a MalformedResponseError.
    if value.copy_abs() >= MAX_API_DECIMAL:
        raise ValueError(f"the number is too large (the limit is {MAX_API_DECIMAL:.0e})")
    return value


ApiDecimal = Annotated[
    Decimal,
    AfterValidator(_plausible_size),
    PlainSerializer(float, return_type=float, when_used="json"),
]
"""Exact in Python; a plain JSON number on the wire. Finite, and smaller than 10**15."""

ApiList = Annotated[tuple[T, ...], BeforeValidator(_none_as_empty)]
"""A response list; `null` reads as empty."""

OptionalDateTime = Annotated[datetime | None, BeforeValidator(_blank_as_none)]
"""ISO-8601, with or without an offset; an empty string reads as absent."""

Text = Annotated[str, BeforeValidator(_number_as_text)]
"""A string the server may send as a number (codes, references)."""
