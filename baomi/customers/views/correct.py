"""The customer page's 更正联系资料 form (issue 7, R-CUS-3): the page shows it to the people
`may_correct_customer` allows; it posts here, and a refused or bad correction shows the
page again with the errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.core.errors import ApplicationError
from baomi.core.views import object_pk
from baomi.customers import selectors as sel
from baomi.customers.forms import CorrectForm
from baomi.customers.services.correct import customer_correct
from baomi.customers.services.privacy import customer_identifiers, investigating
from baomi.people.web import PersonRequest, person_page
from baomi.policy.customers import may_correct_customer

if TYPE_CHECKING:

    from baomi.customers.models import Customer
    from baomi.people.models import Person


def detail_context(viewer: Person, customer: Customer, *, form: CorrectForm | None = None,
                   item: str = "") -> dict[str, Any]:
    """What customers/detail.html shows; `correct_form` only for those who may correct.
    `item`: the suspicious item the viewer came from (its page links here with ?item=)."""
    shown = customer_identifiers(viewer=viewer, customer=customer)
    allowed = may_correct_customer(viewer, investigating=investigating(viewer, customer))
    if allowed and form is None:
        form = CorrectForm(initial={"item": item if item.isdigit() else None})
    return {"customer": customer, "shown": shown,
            "policies": sel.customer_policies(customer),
            "correct_form": form if allowed else None}


@person_page
@require_POST
def customer_correct_page(request: PersonRequest, pk: int) -> HttpResponse:
    me = request.person
    customer = sel.customer_get(viewer=me, pk=object_pk(pk))
    if customer is None:
        raise Http404
    form = CorrectForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        item = sel.suspicious_get(viewer=me, pk=data["item"]) if data["item"] else None
        if data["item"] and item is None:
            form.add_error(None, _("没有这个可疑件"))
        else:
            try:
                customer_correct(actor=me, customer=customer, reason=data["reason"],
                                 item=item, **form.values())
            except ApplicationError as exc:
                form.apply_errors(exc.fields)
            else:
                messages.success(request, _("联系资料已更正。"))
                return redirect("customers:detail", pk=customer.pk)
    return render(request, "customers/detail.html", detail_context(me, customer, form=form),
                  status=400)
