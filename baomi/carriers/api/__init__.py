"""API of the carriers app: carriers, copies and the shared API helpers (carriers);
stock-takes (stocktake)."""

from __future__ import annotations

from baomi.carriers.api.carriers import (
    BAD_INPUT,
    DENIED,
    NOT_FOUND,
    PAGE_SIZE,
    CarrierApiView,
    CarrierConfirmView,
    CarrierCopiesView,
    CarrierDetailView,
    CarrierListView,
    CarrierResubmitView,
    CarrierReturnView,
    body,
    carrier_pk,
    detail_response,
    flatten_errors,
    validated,
)
from baomi.carriers.api.stocktake import (
    PAGE,
    StartSerializer,
    StockTakeApiView,
    StockTakeDetailView,
    StockTakeItemSerializer,
    StockTakeListView,
    StockTakeSerializer,
)

__all__ = [
    "BAD_INPUT",
    "CarrierApiView",
    "CarrierConfirmView",
    "CarrierCopiesView",
    "CarrierDetailView",
    "CarrierListView",
    "CarrierResubmitView",
    "CarrierReturnView",
    "DENIED",
    "NOT_FOUND",
    "PAGE",
    "PAGE_SIZE",
    "StartSerializer",
    "StockTakeApiView",
    "StockTakeDetailView",
    "StockTakeItemSerializer",
    "StockTakeListView",
    "StockTakeSerializer",
    "body",
    "carrier_pk",
    "detail_response",
    "flatten_errors",
    "validated",
]
