"""The SortedPRO v1 API client: async, typed, no Qt, nothing else from packstation."""

from packstation.api.client import AsyncSortedPro
from packstation.api.constants import PRODUCTION_BASE_URL, SORTED_SANDBOX_BASE_URL
from packstation.api.errors import (
    ApiStatusError,
    ApiTransportError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    DeliveryOptionAlreadySelectedError,
    DeliveryOptionExpiredError,
    ErrorDetail,
    LabelFormatError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    RequestNotSentError,
    ResponseLostError,
    ServerError,
    SortedProError,
    ValidationFailedError,
)
from packstation.api.labels import decode_label_file
from packstation.api.models import *  # noqa: F403  (the models' own __all__)
from packstation.api.models import __all__ as _model_names
from packstation.api.operations import Operation, Safety
from packstation.api.references import CONSIGNMENT_REFERENCE, find_consignment_reference
from packstation.api.retry import RetryPolicy
from packstation.api.timeouts import OperationTimeouts

__all__ = [
    "CONSIGNMENT_REFERENCE",
    "PRODUCTION_BASE_URL",
    "SORTED_SANDBOX_BASE_URL",
    "ApiStatusError",
    "ApiTransportError",
    "AsyncSortedPro",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "DeliveryOptionAlreadySelectedError",
    "DeliveryOptionExpiredError",
    "ErrorDetail",
    "LabelFormatError",
    "MalformedResponseError",
    "NotFoundError",
    "Operation",
    "OperationTimeouts",
    "PermissionDeniedError",
    "RateLimitedError",
    "RequestNotSentError",
    "ResponseLostError",
    "RetryPolicy",
    "Safety",
    "ServerError",
    "SortedProError",
    "ValidationFailedError",
    "decode_label_file",
    "find_consignment_reference",
    *_model_names,
]
