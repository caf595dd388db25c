"""Reads of carrier files, scoped to the viewer (rule of the house 2).

A file belongs to a carrier and exists only for people who may see that carrier: every
look-up goes through `carrier_get`, which raises NotVisible (404) otherwise (R-ACC-1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from baomi.carriers.models import CarrierCopy
from baomi.carriers.selectors import carrier_get
from baomi.core.errors import NotVisible
from baomi.files.models import CarrierFile, FileCopy

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from baomi.carriers.models import Carrier
    from baomi.people.models import Person


def files_for_carrier(*, carrier: Carrier) -> QuerySet[CarrierFile]:
    """The files of a carrier the caller has already obtained through a scoped selector."""
    return (CarrierFile.objects.filter(carrier=carrier).select_related("uploaded_by")
            .order_by("uploaded_at", "id"))


def file_get(*, viewer: Person | None, pk: int) -> CarrierFile:
    """One file whose carrier the viewer may see; NotVisible otherwise."""
    file = (CarrierFile.objects.filter(pk=pk)
            .select_related("original", "base_pdf", "marked_pdf", "uploaded_by").first())
    if file is None:
        raise NotVisible
    file.carrier = carrier_get(viewer=viewer, pk=file.carrier_id)
    return file


def held_copy(*, person: Person, carrier: Carrier) -> CarrierCopy | None:
    """The numbered copy (份号) this person holds of the carrier, if any (R-DOC-6)."""
    return (CarrierCopy.objects.filter(carrier=carrier, custodian_id=person.pk,
                                       status=CarrierCopy.Status.HELD)
            .order_by("copy_no").first())


def copy_get(*, viewer: Person | None, pk: int) -> FileCopy:
    """A copy issued to the viewer, whose carrier they may still see; NotVisible otherwise."""
    copy = (FileCopy.objects.filter(pk=pk).select_related("file", "file__marked_pdf",
                                                          "recipient").first())
    if copy is None or viewer is None or copy.recipient_id != viewer.pk:
        raise NotVisible
    copy.file.carrier = carrier_get(viewer=viewer, pk=copy.file.carrier_id)
    return copy


def copies_of_file(*, file: CarrierFile) -> QuerySet[FileCopy]:
    return file.copies.select_related("recipient").order_by("-issued_at", "-id")
