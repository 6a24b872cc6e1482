"""The base of every API model, and the lenient field types the documented variants need."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer
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


ApiDecimal = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
"""Exact in Python; a plain JSON number on the wire."""

ApiList = Annotated[tuple[T, ...], BeforeValidator(_none_as_empty)]
"""A response list; `null` reads as empty."""

OptionalDateTime = Annotated[datetime | None, BeforeValidator(_blank_as_none)]
"""ISO-8601, with or without an offset; an empty string reads as absent."""

Text = Annotated[str, BeforeValidator(_number_as_text)]
"""A string the server may send as a number (codes, references)."""
