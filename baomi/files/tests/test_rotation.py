"""`keys_rotate`: rewrap under a new master key, interruptible, then every file opens."""

from __future__ import annotations

import base64
import io
import os
from typing import TYPE_CHECKING, Any

import pytest
from django.core.management import call_command

from baomi.audit.models import AuditEvent
from baomi.files import rotation
from baomi.files.keys import load_keyring
from baomi.files.models import CarrierFile, EncryptedBlob
from baomi.files.services import file_upload
from baomi.files.store import blob_read, file_storage
from baomi.files.tests import samples
from baomi.files.tests.conftest import stored_paths

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(make_carrier: Callable[..., Any]) -> dict[str, bytes]:
    carrier = make_carrier(level="SECRET")
    contents = {}
    for n in range(5):
        data = samples.text_pdf(n + 1)
        file = file_upload(actor=carrier.drafter, carrier=carrier, name=f"{n}.pdf", data=data)
        contents[str(file.original_id)] = data
    return contents


def _all_open() -> dict[str, bytes]:
    ring = load_keyring()
    return {str(b.pk): blob_read(b, ring=ring) for b in EncryptedBlob.objects.all()}


def test_rotation_rewraps_without_reencrypting(stored: dict[str, bytes],
                                               files_data_dir: Path) -> None:
    old = load_keyring().current
    ciphertext = {p: p.read_bytes() for p in stored_paths(files_data_dir)}
    before = _all_open()
    out = io.StringIO()
    call_command("keys_rotate", stdout=out)
    ring = load_keyring()
    assert ring.current != old and old not in ring.keys and ring.pending is None
    assert set(EncryptedBlob.objects.values_list("kid", flat=True)) == {ring.current}
    assert {p: p.read_bytes() for p in stored_paths(files_data_dir)} == ciphertext
    assert _all_open() == before
    assert "验证 10 个文件可以打开" in out.getvalue()
    assert AuditEvent.objects.filter(action="files.keys_rotate").count() == 1


def test_interrupted_rotation_loses_nothing_and_resumes(
        stored: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    old = load_keyring().current
    before = _all_open()
    real = rotation._rewrap_batch
    calls = {"n": 0}

    def dies_on_second_batch(ids: list[Any], *, to_kid: str) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the operator's Ctrl-C, or the machine going down
        return real(ids, to_kid=to_kid)

    monkeypatch.setattr(rotation, "_rewrap_batch", dies_on_second_batch)
    with pytest.raises(KeyboardInterrupt):
        rotation.keys_rotate(batch=3)
    ring = load_keyring()
    assert ring.current == old and ring.pending and ring.pending != old
    kids = list(EncryptedBlob.objects.values_list("kid", flat=True))
    assert kids.count(ring.pending) == 3 and kids.count(old) == len(kids) - 3
    assert _all_open() == before  # half-way: every file still opens
    monkeypatch.setattr(rotation, "_rewrap_batch", real)
    # an upload during the interrupted rotation is wrapped under the pending key
    existing = CarrierFile.objects.select_related("carrier", "carrier__drafter").first()
    assert existing is not None
    added = file_upload(actor=existing.carrier.drafter, carrier=existing.carrier,
                        name="new.pdf", data=samples.text_pdf(1))
    assert added.original.kid == ring.pending
    before = _all_open()
    report = rotation.keys_rotate(batch=3)
    assert report.finished and report.to_kid == ring.pending and report.rewrapped == len(kids) - 3
    final = load_keyring()
    assert final.current == ring.pending and list(final.keys) == [ring.pending]
    assert _all_open() == before


def test_rotation_keeps_old_key_when_a_file_does_not_open(stored: dict[str, bytes]) -> None:
    blob = EncryptedBlob.objects.first()
    assert blob is not None
    path = file_storage().path(blob.name)
    raw = bytearray(open(path, "rb").read())  # noqa: SIM115
    raw[-1] ^= 1
    with open(path, "wb") as fh:
        fh.write(bytes(raw))
    old = load_keyring().current
    err = io.StringIO()
    with pytest.raises(SystemExit) as info:
        call_command("keys_rotate", stdout=io.StringIO(), stderr=err)
    assert info.value.code == 1 and "1 个文件无法打开" in err.getvalue()
    assert old in load_keyring().keys  # nothing dropped


def test_rotation_with_keys_from_environment(stored: dict[str, bytes],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    ring = load_keyring()
    before = _all_open()
    new = os.urandom(32)
    monkeypatch.setenv("BAOMI_MASTER_KEY", base64.b64encode(new).decode())
    monkeypatch.setenv("BAOMI_MASTER_KEY_OLD", base64.b64encode(ring.keys[ring.current]).decode())
    monkeypatch.setenv("BAOMI_TRACE_KEY", base64.b64encode(ring.trace_key).decode())
    report = rotation.keys_rotate()
    assert report.finished and report.rewrapped == EncryptedBlob.objects.count()
    monkeypatch.delenv("BAOMI_MASTER_KEY_OLD")
    assert _all_open() == before
