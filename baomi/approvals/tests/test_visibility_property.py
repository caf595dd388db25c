"""One visibility (R-ACC-1, R-ACC-2, R-ACC-4, R-CLS-2): for generated people and carriers,
the list, the count, the detail look-up, every register and its xlsx export agree with the
access rule's predicate on what each viewer sees — everything, metadata only, or nothing —
and on the title shown (hidden above the viewer's clearance, decision 0006).
"""

from __future__ import annotations

import io

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook

from baomi.approvals import registers as regs
from baomi.approvals.tests.visibility_world import World, build, worlds
from baomi.carriers.ledger import RegisterFilters
from baomi.carriers.selectors import (
    CarrierFilters,
    carrier_count,
    carrier_list,
    carrier_seen,
)
from baomi.core.errors import NotVisible
from baomi.core.exports import xlsx_bytes
from baomi.policy.access import HIDDEN_TITLE

SLUGS = ["ledger", *regs.REGISTERS]


def _xlsx_titles(title: str, headers: list[str], rows: list[list[object]]) -> list[object]:
    book = load_workbook(io.BytesIO(xlsx_bytes(title=title, headers=headers, rows=rows)))
    sheet = book.active
    assert sheet is not None
    column = headers.index("名称")
    return [r[column] for r in sheet.iter_rows(min_row=4, values_only=True)]


def _check_viewer(world: World, viewer) -> None:
    expected = world.seen(viewer)
    who = (viewer.rank, viewer.clearance, viewer.status, viewer.unit.is_secrecy_office,
           viewer.is_secrecy_officer)
    # the list, with what each row shows
    rows = {c.id: (c.sight, c.shown_title) for c in carrier_list(viewer=viewer)}
    assert rows == expected, who
    # the count (tally-based), with and without a filter
    assert carrier_count(viewer=viewer) == len(expected), who
    level = world.carriers[0].level
    assert carrier_count(viewer=viewer, filters=CarrierFilters(level=level)) == len(
        carrier_list(viewer=viewer, filters=CarrierFilters(level=level))), who
    # a title search never matches a title the viewer may not read (one carrier whose
    # title is shown and one whose title is not, where the world has them)
    probes = {expected.get(c.id, ("", ""))[1] == c.title: c for c in world.carriers}
    for carrier in probes.values():
        found = {c.id for c in carrier_list(viewer=viewer,
                                            filters=CarrierFilters(text=carrier.title))}
        shown = carrier.id in expected and expected[carrier.id][1] == carrier.title
        assert found == ({carrier.id} if shown else set()), who
    # the detail look-up: one carrier of each answer (full, metadata, nothing) the world has
    sample = {expected.get(c.id, ("none", ""))[0]: c for c in world.carriers}
    for carrier in sample.values():
        try:
            got = carrier_seen(viewer=viewer, pk=carrier.pk)
        except NotVisible:
            assert carrier.id not in expected, who
        else:
            assert (got.sight, got.shown_title) == expected[carrier.id], who
    # every register and its xlsx export (written and read back for the first register
    # that has rows for this viewer, and for the ledger)
    exported = False
    # (registers with no row in this world are left out: over the worlds every register
    # is covered)
    used = {r for r, ids in world.registers.items() if ids}
    for slug in [s for s in SLUGS if s == "ledger" or regs.REGISTERS[s].register in used]:
        title, headers, qs, columns = regs.register_rows(viewer=viewer, slug=slug,
                                                         filters=RegisterFilters())
        objects = list(qs)
        if slug == "ledger":
            want = {cid for cid in expected if world.copies.get(cid)}
        else:
            want = {cid for cid in expected if cid in world.registers[regs.REGISTERS[slug].register]}
        assert {o.carrier_id for o in objects} == want, (slug, who)
        rendered = regs.render_rows(objects, columns)
        names = [row[headers.index("名称")] for row in rendered]
        assert names == [expected[o.carrier_id][1] for o in objects], (slug, who)
        if rendered and (slug == "ledger" or not exported):
            assert _xlsx_titles(title, headers, rendered) == names, (slug, who)
            exported = exported or slug != "ledger"
        hidden = world.hidden_titles(viewer)
        assert not any(t in str(row) for row in rendered for t in hidden), (slug, who)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=worlds())
def test_list_count_detail_registers_and_exports_agree(db, spec):
    with transaction.atomic():
        world = build(spec)
        for viewer in world.people:
            _check_viewer(world, viewer)
        transaction.set_rollback(True)


def test_r_acc_4_the_office_sees_metadata_and_no_title_above_its_clearance(db):
    """The reported case: the secrecy office (一般) and a 绝密 carrier it is not in scope of."""
    with transaction.atomic():
        world = build(([("STAFF", "GENERAL", "ACTIVE", "office"),
                        ("GM", "CORE", "ACTIVE", "none")],
                       [("TOP_SECRET", "CONFIRMED", "GM", 1, 1, set(), [1], {"BORROW"}),
                        ("INTERNAL", "CONFIRMED", "GM", 1, 1, set(), [1], set())]))
        office, gm = world.people
        top, internal = world.carriers
        seen = carrier_seen(viewer=office, pk=top.pk)
        assert (seen.sight, seen.shown_title) == ("metadata", str(HIDDEN_TITLE))
        # within the office's clearance the title is register metadata; content is not
        seen = carrier_seen(viewer=office, pk=internal.pk)
        assert (seen.sight, seen.shown_title) == ("metadata", internal.title)
        assert carrier_seen(viewer=gm, pk=top.pk).sight == "full"
        _, headers, qs, columns = regs.register_rows(viewer=office, slug="borrow",
                                                     filters=RegisterFilters())
        assert [r[headers.index("名称")] for r in regs.render_rows(list(qs), columns)] == [
            str(HIDDEN_TITLE)]
        # searching the register by words of the hidden title finds nothing
        _, _, qs, _ = regs.register_rows(viewer=office, slug="borrow",
                                         filters=RegisterFilters(text=top.title[:4]))
        assert not qs.exists()
        transaction.set_rollback(True)
