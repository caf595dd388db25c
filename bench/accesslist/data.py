"""Data for bench/access_list.py: Django pointed at the bench database, people, carriers."""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

#: bump when the generated data changes; part of the cache key of the database file
BUILD_VERSION = 1
UNCONFIRMED = ("DRAFT", "RETURNED")
GUARDIAN_GROUP = "carrier-view:{scope_rank}:{level}"

DEPARTMENTS = [
    ("office", "总经办"), ("secrecy", "保密办"), ("finance", "财务部"), ("hr", "人力资源部"),
    ("legal", "法务部"), ("strategy", "战略发展部"), ("rd1", "研发一部"), ("rd2", "研发二部"),
    ("rd3", "研发三部"), ("design", "结构设计部"), ("test", "测试验证部"),
    ("quality", "质量管理部"), ("purchase", "采购部"), ("production", "生产制造部"),
    ("process", "工艺部"), ("sales", "销售部"), ("market", "市场部"), ("service", "客户服务部"),
    ("it", "信息技术部"), ("admin", "行政后勤部"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文斌宇浩凯鹏飞玲红辉"
TOPICS = ["新产品", "年度预算", "供应商", "项目立项", "成本分析", "技术方案", "质量改进", "市场拓展",
          "人员考核", "合同", "专利申请", "工艺优化", "测试报告", "客户订单", "战略规划", "设备采购"]
FORMS = {"DOCUMENT": ["报告", "方案", "纪要", "通知", "请示", "总结"],
         "DRAWING": ["总装图", "零件图", "原理图", "爆炸图"],
         "MEDIUM": ["资料光盘", "移动硬盘", "U盘"], "DEVICE": ["笔记本电脑", "测试设备"],
         "SAMPLE": ["样机", "样件"]}
KIND_MIX = [("DOCUMENT", 70), ("DRAWING", 12), ("MEDIUM", 9), ("DEVICE", 4), ("SAMPLE", 5)]
#: level mix for every kind but drawings (绝密 1%, 机密 9%, 秘密 30%, 内部 45%, 非密 15%)
LEVEL_MIX = [("TOP_SECRET", 1), ("CONFIDENTIAL", 9), ("SECRET", 30), ("INTERNAL", 45),
             ("PUBLIC", 15)]
#: drawings use 绝密, 机密, 秘密 and 一般 (R-CLS-1, policy `kinds`)
DRAWING_MIX = [("TOP_SECRET", 1), ("CONFIDENTIAL", 9), ("SECRET", 30), ("GENERAL", 60)]


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


# --- Django, pointed at the bench database --------------------------------------------------
def setup_django(db_path: Path) -> None:
    """Product base settings, SQLite at `db_path`, guardian added here only (not in config/)."""
    os.environ.pop("DATABASE_URL", None)  # this benchmark is about SQLite
    os.environ["BAOMI_DATA_DIR"] = str(db_path.parent)
    import django
    from django.conf import settings

    from config.settings import base

    conf = {name: getattr(base, name) for name in dir(base) if name.isupper()}
    db = dict(base.DATABASES["default"], NAME=str(db_path))
    conf.update(
        SECRET_KEY="bench-only-not-a-secret",  # noqa: S106 (throw-away bench database)
        DEBUG=False,
        DATABASES={"default": db},
        INSTALLED_APPS=[*base.INSTALLED_APPS, "guardian"],
        AUTHENTICATION_BACKENDS=[*base.AUTHENTICATION_BACKENDS,
                                 "guardian.backends.ObjectPermissionBackend"],
    )
    settings.configure(**conf)
    django.setup()


def raw() -> sqlite3.Connection:
    from django.db import connection

    connection.ensure_connection()
    return connection.connection


def meta_get(key: str) -> str | None:
    con = raw()
    if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'bench_meta'").fetchone():
        return None
    row = con.execute("SELECT value FROM bench_meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def meta_set(key: str, value: object) -> None:
    con = raw()
    con.execute("CREATE TABLE IF NOT EXISTS bench_meta (key TEXT PRIMARY KEY, value TEXT)")
    con.execute("INSERT OR REPLACE INTO bench_meta (key, value) VALUES (?, ?)", (key, str(value)))
    con.commit()


def dt(value: datetime) -> str:
    """A UTC datetime as Django's SQLite backend stores it."""
    return str(value.replace(tzinfo=None))


def pick(rng: random.Random, mix: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in mix], weights=[w for _, w in mix])[0]


# --- data -----------------------------------------------------------------------------------
def rank_plan(n_people: int) -> list[tuple[str, int]]:
    """Few BOARD/GM, more managers, mostly STAFF (for 5,000: 7/1/5/40/200/60/4,687)."""
    n_dept = len(DEPARTMENTS)
    plan = [("BOARD", max(2, round(n_people * 0.0014))), ("GM", 1),
            ("DEPUTY_GM", max(2, round(n_people * 0.001))),
            ("DIRECTOR", max(n_dept, round(n_people * 0.008))),
            ("PROJECT_MANAGER", max(n_dept, round(n_people * 0.04))),
            ("DEPT_MANAGER", max(n_dept, round(n_people * 0.012)))]
    staff = n_people - sum(n for _, n in plan)
    if staff < n_dept * 2:
        raise SystemExit(f"--people {n_people} is too few for {n_dept} departments")
    return [*plan, ("STAFF", staff)]


CLEARANCE_MIX = {
    "BOARD": [("CORE", 1)], "GM": [("CORE", 1)],
    "DEPUTY_GM": [("CORE", 6), ("IMPORTANT", 4)],
    "DIRECTOR": [("CORE", 2), ("IMPORTANT", 8)],
    "PROJECT_MANAGER": [("IMPORTANT", 5), ("GENERAL", 5)],
    "DEPT_MANAGER": [("IMPORTANT", 4), ("GENERAL", 6)],
    "STAFF": [("IMPORTANT", 5), ("GENERAL", 55), ("NONE", 40)],
}


def build_people(n_people: int, rng: random.Random) -> None:
    con = raw()
    now = dt(datetime(2026, 1, 1, tzinfo=UTC))
    con.execute("INSERT INTO people_orgunit (id, name, code, parent_id, is_secrecy_office, sort)"
                " VALUES (1, '示例科技有限公司', 'company', NULL, 0, 0)")
    con.executemany(
        "INSERT INTO people_orgunit (id, name, code, parent_id, is_secrecy_office, sort)"
        " VALUES (?, ?, ?, 1, ?, ?)",
        [(i + 2, name, code, int(code == "secrecy"), i + 1)
         for i, (code, name) in enumerate(DEPARTMENTS)])
    dept_ids = list(range(2, len(DEPARTMENTS) + 2))
    user_base = (con.execute("SELECT coalesce(max(id), 0) FROM auth_user").fetchone()[0]) + 1
    users, people = [], []
    pid = 0
    for rank, count in rank_plan(n_people):
        for k in range(count):
            pid += 1
            if rank in ("BOARD", "GM", "DEPUTY_GM"):
                unit = dept_ids[0]
            elif rank in ("DIRECTOR", "DEPT_MANAGER"):
                unit = dept_ids[k % len(dept_ids)]  # every department has its managers
            else:
                unit = rng.choice(dept_ids)
            status = "ACTIVE"
            if rank == "STAFF":
                status = pick(rng, [("ACTIVE", 985), ("LEAVING", 5), ("LEFT", 10)])
            staff_no = f"E{pid:06d}"
            name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
            uid = user_base + pid
            users.append((uid, "!", 0, staff_no, "", "", "", 0, int(status != "LEFT"), now))
            people.append((pid, name, staff_no, rank, pick(rng, CLEARANCE_MIX[rank]),
                           int(rank == "STAFF" and rng.random() < 0.02), status, now, unit, uid))
    con.executemany(
        "INSERT INTO auth_user (id, password, is_superuser, username, first_name, last_name,"
        " email, is_staff, is_active, date_joined) VALUES (?,?,?,?,?,?,?,?,?,?)", users)
    con.executemany(
        "INSERT INTO people_person (id, name, staff_no, rank, clearance, is_secrecy_officer,"
        " status, created_at, unit_id, user_id) VALUES (?,?,?,?,?,?,?,?,?,?)", people)


def build_carriers(n: int, rng: random.Random) -> tuple[int, int]:
    """Carriers in creation order (id order = time order, as the services write them)."""
    from baomi.policy.runtime import get_policy

    policy = get_policy()
    con = raw()
    people = con.execute("SELECT id, rank, clearance, status, unit_id FROM people_person").fetchall()
    weight = {c.code: c.max_weight for c in policy.clearances}
    levels = {spec.code: spec for spec in policy.levels}
    rank_order = {r.code: r.order for r in policy.ranks}
    rank_by_order = {r.order: r.code for r in policy.ranks}
    dept_name = dict(con.execute("SELECT id, name FROM people_orgunit").fetchall())

    # who may draft / be named at a level (clearance high enough), who may confirm it
    drafters = {code: [p for p in people if weight[p[2]] >= spec.weight]
                for code, spec in levels.items()}
    named_ok = {code: [p for p in people if weight[p[2]] >= spec.weight and p[3] != "LEFT"]
                for code, spec in levels.items()}
    by_dept_named: dict[tuple[str, int], list[tuple[Any, ...]]] = {}
    for code, lst in named_ok.items():
        for p in lst:
            by_dept_named.setdefault((code, p[4]), []).append(p)
    confirmers: dict[tuple[str, int | None], list[int]] = {}
    for code, spec in levels.items():
        ok = [p for p in people if p[1] in spec.confirm_ranks and p[3] != "LEFT"
              and weight[p[2]] >= spec.weight]
        confirmers[(code, None)] = [p[0] for p in ok]
        for p in ok:
            confirmers.setdefault((code, p[4]), []).append(p[0])

    start = datetime(2019, 1, 1, tzinfo=UTC)
    span = (datetime(2026, 1, 1, tzinfo=UTC) - start).total_seconds()
    slot = span / n
    cols = ("id, number, title, kind, level, category, reason, term_years, term_ends, scope_rank,"
            " controlled, copies_planned, status, return_note, created_at, confirmed_at,"
            " updated_at, confirmer_id, department_id, drafter_id")
    sql_c = f"INSERT INTO carriers_carrier ({cols}) VALUES ({','.join('?' * 20)})"
    sql_s = "INSERT INTO carriers_carrierscope (carrier_id, person_id) VALUES (?, ?)"
    carriers: list[tuple[Any, ...]] = []
    scope: list[tuple[int, int]] = []
    n_scope = 0
    for i in range(n):
        cid = i + 1
        frac = i / n
        kind = pick(rng, KIND_MIX)
        level = pick(rng, DRAWING_MIX if kind == "DRAWING" else LEVEL_MIX)
        spec = levels[level]
        drafter = rng.choice(drafters[level])
        dept = drafter[4]
        created = start + timedelta(seconds=slot * i + rng.uniform(0.0, slot * 0.9))
        created = created.replace(microsecond=max(1, created.microsecond))
        # status by age: fresh drafts at the top, destroyed/declassified among the old
        if frac > 0.97:
            status = pick(rng, [("DRAFT", 55), ("RETURNED", 10), ("CONFIRMED", 35)])
        elif rng.random() < 0.001:
            status = "DRAFT"  # a forgotten draft
        else:
            old = 1.0 - frac
            status = pick(rng, [("DESTROYED", round(800 * old)), ("DECLASSIFIED", round(500 * old)),
                                ("CONFIRMED", 10000)])
        # scope: the policy default, narrowed to a higher rank on ~15% (R-ACC-2)
        scope_rank = spec.scope_rank
        default_order = rank_order[scope_rank]
        if default_order > 0 and rng.random() < 0.15:
            scope_rank = rank_by_order[rng.randint(max(0, default_order - 3), default_order - 1)]
        # confirmer (R-CLS-3): same department when the policy says so, else mostly local
        local = confirmers.get((level, dept), [])
        pool = local if (spec.confirm_same_department or (local and rng.random() < 0.7)) \
            else confirmers[(level, None)]
        pool = [c for c in pool if c != drafter[0]] if len(pool) < 8 else pool
        confirmer = rng.choice(pool) if pool else None
        if confirmer == drafter[0]:
            confirmer = next((c for c in pool if c != drafter[0]), None)
        confirmed_at = term_ends = None
        term = spec.max_term_years or None
        if status not in UNCONFIRMED:
            conf_time = created + timedelta(hours=rng.uniform(1, 72))
            confirmed_at = dt(conf_time)
            if term:
                day = conf_time.date()
                term_ends = str(day.replace(year=day.year + term,
                                            day=28 if (day.month, day.day) == (2, 29) else day.day))
        categories = policy.categories.get(level) or ("",)
        title = f"{dept_name[dept]}{rng.choice(TOPICS)}{rng.choice(FORMS[kind])}"
        carriers.append((
            cid, f"{policy.organisation['number_prefix']}-{created.year}-{cid:06d}", title,
            kind, level, rng.choice(categories), "", term, term_ends, scope_rank,
            int(level == "INTERNAL" and rng.random() < 0.2), rng.randint(1, 5), status,
            "请补充定密依据" if status == "RETURNED" else "", dt(created), confirmed_at,
            confirmed_at or dt(created), confirmer, dept, drafter[0]))
        # named scope: the drafter always (carrier_draft does so), plus 1–5 people
        # on ~20% of classified carriers (秘密 and above), mostly from the same department
        named = {drafter[0]}
        if spec.weight >= 2 and rng.random() < 0.20:
            for _ in range(rng.randint(1, 5)):
                same = by_dept_named.get((level, dept))
                src = same if same and rng.random() < 0.7 else named_ok[level]
                named.add(rng.choice(src)[0])
        scope.extend((cid, p) for p in named)
        if len(carriers) >= 50_000:
            con.executemany(sql_c, carriers)
            con.executemany(sql_s, scope)
            n_scope += len(scope)
            carriers.clear()
            scope.clear()
            log(f"  carriers {cid:,}/{n:,}")
    con.executemany(sql_c, carriers)
    con.executemany(sql_s, scope)
    return n, n_scope + len(scope)


def build(n_carriers: int, n_people: int, seed: int) -> dict[str, float]:
    from django.core.management import call_command
    from django.db import connection

    from baomi.carriers.tally import tally_rebuild

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    times = {"migrate_s": time.perf_counter() - t0}
    con = raw()
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-400000")
    rng = random.Random(seed)
    t0 = time.perf_counter()
    con.execute("BEGIN")
    build_people(n_people, rng)
    _, n_scope = build_carriers(n_carriers, rng)
    con.execute("COMMIT")
    times["load_s"] = time.perf_counter() - t0
    log(f"loaded {n_carriers:,} carriers, {n_people:,} people, {n_scope:,} scope rows "
        f"in {times['load_s']:.1f}s")
    t0 = time.perf_counter()
    groups = tally_rebuild()
    times["tally_s"] = time.perf_counter() - t0
    log(f"tally_rebuild: {groups:,} groups in {times['tally_s']:.1f}s")
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA synchronous=NORMAL")
    connection.close()
    for key, value in times.items():
        meta_set(key, f"{value:.1f}")
    meta_set("scope_rows", n_scope)
    meta_set("complete", 1)
    return times

