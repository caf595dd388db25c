"""A viewer below a carrier's level never receives its title in any response (R-ACC-1,
R-ACC-4, decision 0006): for generated organisations, every page, API answer, register
export (xlsx read back with openpyxl, PDF text with pdfplumber) and CLI output a viewer gets
is searched for the titles of carriers above their clearance; and the pages agree with the
rule on which carriers the viewer sees (detail 200 or 404, list and API ids).
"""

from __future__ import annotations

import io
import json

import pdfplumber
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook

from baomi.approvals import registers as regs
from baomi.approvals.tests.visibility_world import World, build, worlds


def _xlsx_text(content: bytes) -> str:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)


def _pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _responses(client: Client, world: World, viewer) -> tuple[list[str], dict[int, int]]:
    """Every body the viewer gets, as text; and the detail page's status per carrier."""
    bodies = [client.get(reverse("carriers:list")).content.decode()]
    api = client.get(reverse("api-carriers"))
    bodies.append(api.content.decode())
    status = {}
    for carrier in world.carriers:
        page = client.get(reverse("carriers:detail", args=[carrier.pk]))
        status[carrier.id] = page.status_code
        bodies.append(page.content.decode())
        bodies.append(client.get(reverse("api-carrier-detail", args=[carrier.pk])).content
                      .decode())
    used = {r for r, ids in world.registers.items() if ids}
    for slug in ["ledger", *(s for s, spec in regs.REGISTERS.items() if spec.register in used)]:
        url = reverse("approvals:register", args=[slug])
        bodies.append(client.get(url).content.decode())
        bodies.append(_xlsx_text(client.get(url + "?format=xlsx").content))
        bodies.append(_pdf_text(client.get(url + "?format=pdf").content))
    return bodies, status


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=worlds(max_people=4, max_carriers=5))
def test_no_response_carries_a_title_above_the_viewers_clearance(db, spec):
    with transaction.atomic():
        world = build(spec, users=True)
        for viewer in world.people:
            user = viewer.user
            assert user is not None
            client = Client()
            client.force_login(user)
            expected = world.seen(viewer)
            bodies, status = _responses(client, world, viewer)
            out = io.StringIO()
            call_command("carriers_list", "--as", user.username, stdout=out)
            bodies.append(out.getvalue())
            hidden = world.hidden_titles(viewer)
            for body in bodies:
                assert not [t for t in hidden if t in body], (viewer.rank, viewer.clearance)
            assert status == {c.id: 200 if c.id in expected else 404
                              for c in world.carriers}
            listed = json.loads(bodies[1])["results"]
            assert {r["id"]: (r["sight"], r["title"]) for r in listed} == expected
            for _sight, title in expected.values():
                assert title in bodies[0]  # the list page shows what the rule says
        transaction.set_rollback(True)


def test_r_acc_4_register_pdf_and_xlsx_hide_the_title_the_page_hides(db, client):
    """The reported case end to end: the secrecy office (一般) reads the ledger and the
    borrowing register naming a 绝密 carrier: number and level, no title, in page, xlsx
    and PDF alike; its detail page is the metadata view, not a 404."""
    with transaction.atomic():
        world = build(([("STAFF", "GENERAL", "ACTIVE", "office"),
                        ("GM", "CORE", "ACTIVE", "none")],
                       [("TOP_SECRET", "CONFIRMED", "GM", 1, 1, set(), [1], {"BORROW"})]),
                      users=True)
        office = world.people[0]
        top = world.carriers[0]
        assert office.user is not None
        client.force_login(office.user)
        for slug in ("ledger", "borrow"):
            url = reverse("approvals:register", args=[slug])
            page = client.get(url).content.decode()
            texts = [page, _xlsx_text(client.get(url + "?format=xlsx").content),
                     _pdf_text(client.get(url + "?format=pdf").content)]
            for text in texts:
                assert top.number in text and "(标题不可见)" in text
                assert top.title not in text
        detail = client.get(reverse("carriers:detail", args=[top.pk]))
        assert detail.status_code == 200
        html = detail.content.decode()
        assert 'data-testid="metadata-only"' in html and top.title not in html
        assert "人1" in html  # the custodian of copy 1 is metadata
        transaction.set_rollback(True)
