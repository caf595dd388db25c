"""Two factors (双因素): TOTP via django-otp, QR enrolment, recovery codes (static device).

Signatures of commitments always ask for the second factor; login asks for it when the
policy switch `personnel.otp_enforce_login` is on (baomi.personnel.middleware).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from baomi.audit.services import audit_append
from baomi.personnel.services._common import bad

if TYPE_CHECKING:
    from django_otp.models import Device

    from baomi.people.models import Person

RECOVERY_CODES = 10


def _user(person: Person) -> object:
    if not person.user_id:
        raise bad("user", _("该人员没有登录账号"))
    return person.user


def otp_enrolled(person: Person) -> bool:
    return bool(person.user_id) and TOTPDevice.objects.filter(user_id=person.user_id,
                                                              confirmed=True).exists()


def otp_enrol_start(*, actor: Person) -> TOTPDevice:
    """A new, unconfirmed TOTP device for the actor (replaces an unfinished one)."""
    user = _user(actor)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name="baomi", confirmed=False)
    return device


def otp_totp_device(person: Person) -> TOTPDevice | None:
    if not person.user_id:
        return None
    return TOTPDevice.objects.filter(user_id=person.user_id, confirmed=True).first()


def otp_pending_device(person: Person) -> TOTPDevice | None:
    if not person.user_id:
        return None
    return TOTPDevice.objects.filter(user_id=person.user_id, confirmed=False).first()


def otp_qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG, drawn here (no external call, no script)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage,
                        box_size=8)
    out = io.BytesIO()
    image.save(out)
    text = out.getvalue().decode()
    return text[text.index("<svg"):]


def otp_enrol_confirm(*, actor: Person, token: str) -> list[str]:
    """Confirm the pending device with a code from the app; returns the recovery codes,
    shown once (they are stored by django-otp's static device)."""
    device = otp_pending_device(actor)
    if device is None:
        raise bad("token", _("没有待绑定的设备,请重新开始"))
    if not token or not device.verify_token(token.strip()):
        raise bad("token", _("动态口令不正确"))
    with transaction.atomic():
        TOTPDevice.objects.filter(user_id=actor.user_id, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        StaticDevice.objects.filter(user_id=actor.user_id).delete()
        static = StaticDevice.objects.create(user_id=actor.user_id, name="recovery")
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
        audit_append(actor=actor, action="otp.enrol", target=actor, rule="R-ACC-3",
                     detail={"recovery_codes": len(codes)})
    return codes


def otp_check(person: Person, token: str) -> Device | None:
    """The confirmed device (TOTP or recovery code) that accepts `token`, or None.
    A recovery code works once (django-otp deletes it)."""
    if not person.user_id or not token:
        return None
    token = token.strip().replace(" ", "")
    # for_verify locks the devices (select_for_update): PostgreSQL needs a transaction
    with transaction.atomic():
        for device in devices_for_user(person.user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None


def factor_name(device: Device) -> str:
    return "TOTP" if isinstance(device, TOTPDevice) else "RECOVERY"
