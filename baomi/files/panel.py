"""What the files panel on the carrier page shows a viewer (R-DOC-1/3/5/6)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from baomi.files.printing import print_allowance
from baomi.files.selectors import files_for_carrier, held_copy
from baomi.policy import files as rules

if TYPE_CHECKING:
    from baomi.carriers.models import Carrier
    from baomi.people.models import Person


def panel_context(*, viewer: Person | None, carrier: Carrier) -> dict[str, Any]:
    """`carrier` was obtained through a scoped selector for `viewer`."""
    if viewer is None:
        return {"carrier": carrier, "files": [], "visible": False}
    custodian = held_copy(person=viewer, carrier=carrier) is not None
    allowance = print_allowance(person=viewer, carrier=carrier)
    return {
        "carrier": carrier,
        "visible": True,
        "files": list(files_for_carrier(carrier=carrier)),
        "upload": rules.may_upload_file(viewer, carrier, custodian=custodian),
        "download": rules.may_download_file(viewer, carrier, custodian=custodian),
        "print": rules.may_print_file(approvals_installed=allowance.installed,
                                      approval_ref=allowance.approval_ref,
                                      remaining=allowance.remaining),
    }
