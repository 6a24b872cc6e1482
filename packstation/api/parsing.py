"""Turn a success body into a model, or into a MalformedResponseError naming the field."""

from __future__ import annotations

import asyncio
import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from packstation.api.errors import MalformedResponseError, malformed_response
from packstation.api.operations import Operation

M = TypeVar("M", bound=BaseModel)
_MAX_PROBLEMS_LISTED = 3
# Rows validated per event-loop turn: a 100-row search page took 30-50 ms to validate in one go
# (the models' validators run Python, holding the GIL: a thread would not help).
ROWS_PER_TURN = 20


def parse_body(model: type[M], body: bytes, operation: Operation, status_code: int) -> M:
    if not body.strip():
        raise malformed_response(operation, "the body is empty", status_code=status_code)
    try:
        return model.model_validate_json(body)
    except ValidationError as error:
        # `from None`: pydantic's own message quotes the input, which may hold personal data.
        raise _malformed(error, model, operation, status_code) from None


def _malformed(
    error: ValidationError, model: type[BaseModel], operation: Operation, status_code: int
) -> MalformedResponseError:
    problems = error.errors(include_url=False, include_input=False, include_context=False)
    if any(problem["type"] == "json_invalid" for problem in problems):
        return malformed_response(operation, "the body is not JSON", status_code=status_code)
    listed = "; ".join(
        f"{'.'.join(str(part) for part in problem['loc']) or 'the body'}: {problem['msg']}"
        for problem in problems[:_MAX_PROBLEMS_LISTED]
    )
    more = len(problems) - _MAX_PROBLEMS_LISTED
    suffix = f" (and {more} more)" if more > 0 else ""
    return malformed_response(
        operation, f"it does not fit {model.__name__}: {listed}{suffix}", status_code=status_code
    )


async def parse_rows_in_turns(
    model: type[M],
    body: bytes,
    operation: Operation,
    status_code: int,
    *,
    rows_key: str,
    rows_attribute: str,
) -> M:
    """As `parse_body`, for a page with a long list under `rows_key`: the same model validates
    the envelope and then the rows, `ROWS_PER_TURN` at a time, yielding to the event loop in
    between. Anything unexpected (another shape, a row that does not validate) goes through
    `parse_body`, so the result or the error is exactly the one-go one."""
    try:
        data: Any = json.loads(body)
    except (ValueError, RecursionError):  # deeply nested garbage: parse_body reports it
        data = None
    rows = data.get(rows_key) if isinstance(data, dict) else None
    if not isinstance(rows, list) or len(rows) <= ROWS_PER_TURN:
        return parse_body(model, body, operation, status_code)
    try:
        envelope = model.model_validate_json(json.dumps({**data, rows_key: []}))
        parsed: list[Any] = []
        for start in range(0, len(rows), ROWS_PER_TURN):
            await asyncio.sleep(0)
            part = model.model_validate_json(
                json.dumps({rows_key: rows[start : start + ROWS_PER_TURN]})
            )
            parsed.extend(getattr(part, rows_attribute))
    except (ValidationError, RecursionError):
        return parse_body(model, body, operation, status_code)
    return envelope.model_copy(update={rows_attribute: tuple(parsed)})
