"""A person's secrecy file, posts, commitments and two factors (R-PPL-1, R-ACC-3)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.core.errors import NotVisible
from baomi.core.once import create_once, form_key
from baomi.people.selectors import in_secrecy_office
from baomi.people.web import PersonRequest, person_page
from baomi.personnel.forms import (
    AgreementForm,
    ArchiveForm,
    PostForm,
    ReviewForm,
    SanctionForm,
    SignForm,
    TokenForm,
)
from baomi.personnel.pdf import commitment_pdf
from baomi.personnel.selectors import (
    allowance_report,
    commitment_get,
    exits_awaiting_approval,
    file_person,
    manages_people,
    people_register,
    person_file,
)
from baomi.personnel.services.commitments import (
    commitment_archive,
    commitment_sign,
    post_assign,
    post_blockers,
)
from baomi.personnel.services.otp import (
    otp_check,
    otp_enrol_confirm,
    otp_enrol_start,
    otp_enrolled,
    otp_pending_device,
    otp_qr_svg,
    otp_totp_device,
)
from baomi.personnel.views._common import act, form_error
from baomi.policy.personnel import needs_second_factor
from baomi.policy.runtime import get_policy


@person_page
def index(request: PersonRequest) -> HttpResponse:
    me = request.person
    if not manages_people(me):
        return redirect("personnel:file", pk=me.pk)
    return render(request, "personnel/index.html", {
        "people": people_register(viewer=me), "allowance": allowance_report(viewer=me)})


@person_page
def person_file_page(request: PersonRequest, pk: int) -> HttpResponse:
    me = request.person
    context = person_file(viewer=me, pk=pk)
    for post in context["posts"]:
        post.blockers = post_blockers(post) if post.status == "PENDING" else []
    context.update({
        "me": me, "office": bool(manages_people(me)),
        "post_form": PostForm(), "decryption_years": get_policy().personnel.decryption_years,
        "otp_enrolled": otp_enrolled(context["subject"]),
        "agreement_form": AgreementForm(prefix="agreement"),
        "review_form": ReviewForm(prefix="review"), "sanction_form": SanctionForm(prefix="sanction"),
        "approvals": exits_awaiting_approval(viewer=me)
        if me.pk == context["subject"].pk else [],
    })
    return render(request, "personnel/file.html", context)


@person_page
@require_POST
def post_new(request: PersonRequest, pk: int) -> HttpResponse:
    me = request.person
    subject = file_person(viewer=me, pk=pk)
    form = PostForm(request.POST)
    if not form.is_valid():
        return form_error(request, form, "personnel:file", pk=pk)
    data = form.cleaned_data
    return act(request, lambda: create_once(
        actor=me, key=form_key(request), scope="post.assign", create=lambda: post_assign(
            actor=me, person=subject, post=data["post"], clearance=data["clearance"],
            technical=data["technical"], project=data["project"],
            project_ends=data["project_ends"])), ok=_("岗位已登记,待签署承诺书后生效"),
        back="personnel:file", pk=pk)


@person_page
def commitment_page(request: PersonRequest, pk: int) -> HttpResponse:
    me = request.person
    commitment = commitment_get(viewer=me, pk=pk)
    if request.method == "POST":
        form = SignForm(request.POST)
        if not form.is_valid():
            return form_error(request, form, "personnel:commitment", pk=pk)
        return act(request, lambda: commitment_sign(
            actor=me, commitment=commitment, password=form.cleaned_data["password"],
            token=form.cleaned_data["token"]), ok=_("承诺书已签署"),
            back="personnel:commitment", pk=pk)
    return render(request, "personnel/commitment.html", {
        "commitment": commitment, "me": me, "form": SignForm(), "archive_form": ArchiveForm(),
        "office": bool(manages_people(me)),
        "enrolled": otp_enrolled(me)})


@person_page
def commitment_print(request: PersonRequest, pk: int) -> HttpResponse:
    commitment = commitment_get(viewer=request.person, pk=pk)
    response = HttpResponse(commitment_pdf(commitment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="commitment-{commitment.pk}.pdf"'
    return response


@person_page
@require_POST
def commitment_archive_view(request: PersonRequest, pk: int) -> HttpResponse:
    me = request.person
    commitment = commitment_get(viewer=me, pk=pk)
    form = ArchiveForm(request.POST)
    if not form.is_valid():
        return form_error(request, form, "personnel:commitment", pk=pk)
    return act(request, lambda: commitment_archive(
        actor=me, commitment=commitment, copy=form.cleaned_data["copy"],
        location=form.cleaned_data["location"]), ok=_("存档已登记"),
        back="personnel:commitment", pk=pk)


@person_page
def otp_page(request: PersonRequest) -> HttpResponse:
    """Enrolment: start (a new secret, QR as inline SVG), confirm with a code, see the
    recovery codes once."""
    me = request.person
    codes: list[str] = []
    form = TokenForm()
    if request.method == "POST":
        if request.POST.get("action") == "start":
            otp_enrol_start(actor=me)
            return redirect("personnel:otp")
        form = TokenForm(request.POST)
        if form.is_valid():
            from baomi.core.errors import ApplicationError

            try:
                codes = otp_enrol_confirm(actor=me, token=form.cleaned_data["token"])
            except ApplicationError as exc:
                form.add_error("token", exc.fields.get("token", [exc.message])[0])
            else:
                from django_otp import login as otp_login

                device = otp_totp_device(me)  # the code just checked verifies this session
                if device is not None:
                    otp_login(request, device)
    device = otp_pending_device(me)
    policy = get_policy()
    return render(request, "personnel/otp.html", {
        "me": me, "form": form, "codes": codes, "enrolled": otp_enrolled(me),
        "device": device, "qr": otp_qr_svg(device) if device else "",
        "secret": device.config_url.split("secret=")[1].split("&")[0] if device else "",
        "required": needs_second_factor(me, policy=policy, in_office=in_secrecy_office(me)),
        "next": request.GET.get("next", "")})


@person_page
def otp_verify(request: PersonRequest) -> HttpResponse:
    """The second step of the login when the policy asks for it."""
    me = request.person
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp_check(me, form.cleaned_data["token"])
        if device is not None:
            from django.utils.http import url_has_allowed_host_and_scheme
            from django_otp import login as otp_login

            otp_login(request, device)
            target = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "/"
            return redirect(target or "/")
        form.add_error("token", _("动态口令或恢复码不正确"))
    return render(request, "personnel/otp_verify.html", {
        "form": form, "next": request.GET.get("next", request.POST.get("next", ""))})


__all__ = ["NotVisible"]
