"""Pages of the carriers app: the ledger and a carrier's life from draft to confirmation
(carriers); stock-takes (stocktake)."""

from __future__ import annotations

from baomi.carriers.views.carriers import (
    CHANNEL_LABELS,
    DETAIL_LABELS,
    HISTORY_ROWS,
    carrier_confirm_page,
    carrier_detail,
    carrier_draft_page,
    carrier_list,
    carrier_resubmit_page,
    carrier_return_page,
)
from baomi.carriers.views.stocktake import (
    REPORT_HEADERS,
    stocktake_close,
    stocktake_detail,
    stocktake_list,
    stocktake_loss,
    stocktake_mark,
    stocktake_pdf,
    stocktake_unexpected,
)

__all__ = [
    "CHANNEL_LABELS",
    "DETAIL_LABELS",
    "HISTORY_ROWS",
    "REPORT_HEADERS",
    "carrier_confirm_page",
    "carrier_detail",
    "carrier_draft_page",
    "carrier_list",
    "carrier_resubmit_page",
    "carrier_return_page",
    "stocktake_close",
    "stocktake_detail",
    "stocktake_list",
    "stocktake_loss",
    "stocktake_mark",
    "stocktake_pdf",
    "stocktake_unexpected",
]
