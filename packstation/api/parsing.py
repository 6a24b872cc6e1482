"""Turn a success body into a model, or into a MalformedResponseError naming the field."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from packstation.api.errors import MalformedResponseError, malformed_response
from packstation.api.operations import Operation

M = TypeVar("M", bound=BaseModel)
_MAX_PROBLEMS_LISTED = 3


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
