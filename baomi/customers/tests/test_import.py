"""Import: good rows stored, each bad row reported with its line and reason, none stored."""

from __future__ import annotations

import csv
import io
from io import StringIO
from typing import TYPE_CHECKING, Any

import openpyxl
from django.core.management import call_command

from baomi.audit.models import AuditEvent
from baomi.customers.models import Customer, InsurancePolicy
from baomi.customers.records import LABELS
from baomi.customers.services.registry import policies_import
from baomi.policy.customer_settings import CustomerSettings
from baomi.policy.runtime import get_policy, policy_override

from .conftest import row

if TYPE_CHECKING:
    from pathlib import Path

COLUMNS = list(LABELS)


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([LABELS[c] for c in COLUMNS])
        for r in rows:
            writer.writerow([r.get(c, "") for c in COLUMNS])
    return path


def write_xlsx(path: Path, rows: list[dict[str, Any]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([LABELS[c] for c in COLUMNS])
    for r in rows:
        sheet.append([r.get(c, "") for c in COLUMNS])
    book.save(path)
    return path


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def mixed_rows() -> tuple[list[dict[str, Any]], dict[int, str]]:
    """Twelve rows; the bad ones (by file line: header is line 1) and the reason expected."""
    rows = [row(n) for n in range(1, 13)]
    rows[1]["holder_phone"] = ""                                   # line 3: R-CUS-1
    rows[4]["holder_id_number"] = rows[4]["holder_id_number"][:-1] + (
        "0" if rows[4]["holder_id_number"][-1] != "0" else "1")    # line 6: checksum
    rows[6]["holder_account"] = "6222021234567890"                 # line 8: Luhn (fails)
    rows[8]["agent_code"] = "NOPE"                                 # line 10: unknown agent
    rows[10]["policy_number"] = rows[0]["policy_number"]           # line 12: duplicate
    bad = {3: "投保人电话", 6: "校验码", 8: "Luhn", 10: "代理人工号", 12: "保单号"}
    return rows, bad


def check_result(bad_lines: dict[int, str], rows: list[dict[str, Any]]) -> None:
    good = {r["policy_number"] for i, r in enumerate(rows, start=2) if i not in bad_lines}
    assert set(InsurancePolicy.objects.values_list("number", flat=True)) == good
    # two customers per good policy, nothing from the bad rows
    assert Customer.objects.count() == 2 * len(good)
    names = set(Customer.objects.values_list("name", flat=True))
    for line in bad_lines:
        if line != 12:  # line 12 reuses line 2's policy number but has its own people
            assert rows[line - 2]["holder_name"] not in names


def test_csv_with_good_and_bad_rows_stores_exactly_the_good(service, agent, tmp_path) -> None:
    rows, bad = mixed_rows()
    path = write_csv(tmp_path / "policies.csv", rows)
    with policy_override(_small_batches()):
        code, out, err = run("customers_import", "--as", "cs_clerk", "--progress", str(path))
    assert code == 2
    assert "共 12 行:导入 7 行,错误 5 行" in out
    for line, reason in bad.items():
        reported = [x for x in err.splitlines() if x.startswith(f"第 {line} 行")]
        assert reported and reason in reported[0], (line, err)
    assert "100%" in err  # the progress bar ran to the end
    check_result(bad, rows)
    events = AuditEvent.objects.filter(action="customers.import")
    assert events.count() >= 3 and all(e.channel == "cli" for e in events)


def test_xlsx_import_is_streamed_and_reports_lines(service, agent, tmp_path) -> None:
    rows, bad = mixed_rows()
    path = write_xlsx(tmp_path / "policies.xlsx", rows)
    code, out, err = run("customers_import", "--as", "cs_clerk", "--no-progress", str(path),
                         "--report", str(tmp_path / "bad.csv"))
    assert code == 2 and "导入 7 行" in out
    report = (tmp_path / "bad.csv").read_text(encoding="utf-8-sig").splitlines()
    assert [int(x.split(",")[0]) for x in report[1:]] == sorted(bad)
    check_result(bad, rows)


def test_all_good_exits_zero_and_rerun_stores_nothing_twice(service, agent, tmp_path) -> None:
    path = write_csv(tmp_path / "ok.csv", [row(n) for n in range(1, 6)])
    assert run("customers_import", "--as", "cs_clerk", str(path))[0] == 0
    code, out, err = run("customers_import", "--as", "cs_clerk", str(path))
    assert code == 2 and "导入 0 行,错误 5 行" in out and "已存在" in err
    assert InsurancePolicy.objects.count() == 5


def test_bad_file_is_a_clear_error_not_a_crash(service, agent, tmp_path) -> None:
    (tmp_path / "x.txt").write_text("hello")
    assert run("customers_import", "--as", "cs_clerk", str(tmp_path / "x.txt"))[0] == 2
    (tmp_path / "junk.xlsx").write_bytes(b"not a zip")
    code, _, err = run("customers_import", "--as", "cs_clerk", str(tmp_path / "junk.xlsx"))
    assert code == 2 and "xlsx" in err
    (tmp_path / "head.csv").write_text("a,b\n1,2\n")
    code, _, err = run("customers_import", "--as", "cs_clerk", str(tmp_path / "head.csv"))
    assert code == 2 and "表头" in err


def test_gb18030_csv_and_numeric_cells(service, agent) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([LABELS[c] for c in COLUMNS])
    writer.writerow([row(1).get(c, "") for c in COLUMNS])
    data = buf.getvalue().encode("gb18030")
    from baomi.customers.importing import open_import

    source = open_import("a.csv", data)
    result = policies_import(actor=service["clerk"], rows=source.rows)
    assert result.stored == 1 and result.bad == []
    # an ID number stored by a spreadsheet as a float has lost digits: said so
    rows = [(2, {**row(2), "holder_id_number": 1.1010519800101e17})]
    result = policies_import(actor=service["clerk"], rows=rows)
    assert result.stored == 0 and any("设为文本" in r for r in result.bad[0].reasons)


def test_people_who_may_not_work_with_customers_are_refused(people, agent, tmp_path) -> None:
    path = write_csv(tmp_path / "ok.csv", [row(1)])
    code, _, err = run("customers_import", "--as", "staff", str(path))
    assert code == 3 and "R-CUS-5" in err
    assert not InsurancePolicy.objects.exists()


def _small_batches() -> Any:
    import dataclasses

    policy = get_policy()
    return dataclasses.replace(policy, customers=dataclasses.replace(
        CustomerSettings(), import_batch_rows=4))


def test_a_deactivated_agent_gets_no_new_policies(people, service, agent) -> None:
    from baomi.customers.services.agents import agent_set_active

    policies_import(actor=service["clerk"], rows=[(2, row(1))])
    agent_set_active(actor=people["gm"], agent=agent, active=False, reason="离职")
    result = policies_import(actor=service["clerk"], rows=[(2, row(2)), (3, row(3))])
    assert result.stored == 0
    assert [(b.line, b.reasons) for b in result.bad] == [
        (2, ["代理人工号 A001 已停用"]), (3, ["代理人工号 A001 已停用"])]
    assert InsurancePolicy.objects.filter(agent=agent).count() == 1   # the earlier one stays


def test_every_import_is_audited_even_when_every_row_is_refused(service, agent) -> None:
    bad = row(7, holder_id_number="110105197001010000")   # wrong check digit
    result = policies_import(actor=service["clerk"], rows=[(2, bad), (3, row(8, holder_address=""))])
    assert result.stored == 0 and len(result.bad) == 2
    done = AuditEvent.objects.filter(action="customers.import.done").latest("id")
    assert done.detail == {"rows": 2, "stored": 0, "refused": 2}
    assert done.actor_id == service["clerk"].id
