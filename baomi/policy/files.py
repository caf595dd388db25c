"""Who may upload, download, print and trace carrier files (baomi.files).

Seeing a carrier (R-ACC-1/2, `may_view`) is checked first by the carrier selector; these
rules decide what that person may do with its files.

* Upload: the drafter or a custodian of a copy (R-DOC-6), once the level is confirmed —
  the mark is applied for the confirmed level (R-CLS-7). Nothing is added to a destroyed
  carrier.
* Download (a PDF leaves the system): never for levels that may not travel over a network
  (绝密/机密, R-DOC-3); for levels whose copies are approved (秘密/一般, R-DOC-5) only the
  drafter and custodians (R-DOC-6); others view pages rendered on the server.
* Print: only against an approved print request (R-DOC-1), when the approvals module is
  installed; the number of prints is the approved count.
* View: whoever sees the carrier views its pages rendered on the server, watermarked
  (R-ACC-2); only a view copy is rendered as page images (R-DOC-5: nothing to copy out).
* Trace: the secrecy office and the top leaders (R-DOC-7 investigation of a leak).
"""

from __future__ import annotations

from typing import Protocol

from django.utils.translation import gettext_noop

from baomi.policy.decision import Decision
from baomi.policy.runtime import get_policy

TRACE_RANKS = ("BOARD", "GM")


class Carrier(Protocol):
    level: str
    status: str
    drafter_id: int


class Person(Protocol):
    id: int
    rank: str
    status: str


def may_upload_file(actor: Person, carrier: Carrier, *, custodian: bool) -> Decision:
    if actor.status == "LEFT":
        return Decision.deny("R-ACC-1", gettext_noop("人员已离职"))
    if carrier.status in ("DRAFT", "RETURNED", "WITHDRAWN"):  # never confirmed
        return Decision.deny("R-CLS-7", gettext_noop("定密确认后才能上传文件:文件按确认的密级加印标识"))
    if carrier.status == "DESTROYED":
        return Decision.deny("R-DOC-9", gettext_noop("载体已销毁"))
    if actor.id != carrier.drafter_id and not custodian:
        return Decision.deny("R-DOC-6", gettext_noop("只有拟制人或保管人可以上传文件"))
    return Decision.allow("R-DOC-1")


def may_download_file(actor: Person, carrier: Carrier, *, custodian: bool) -> Decision:
    spec = get_policy().level(carrier.level)
    if not spec.network_allowed:
        return Decision.deny("R-DOC-3", gettext_noop("%(level)s文件不得下载,只能在线查看"), level=spec.label)
    if spec.copy_approver_ranks and actor.id != carrier.drafter_id and not custodian:
        return Decision.deny("R-DOC-6", gettext_noop("%(level)s文件只有拟制人和保管人可以下载,"
                                                     "其他人在线查看"), level=spec.label)
    return Decision.allow("R-DOC-5")


def may_view_file_online() -> Decision:
    """R-ACC-2: the carrier selector already decided who sees the carrier; they view."""
    return Decision.allow("R-ACC-2")


def may_render_pages(*, view_copy: bool) -> Decision:
    """R-DOC-5: page images are served for a view copy only."""
    if not view_copy:
        return Decision.deny("R-DOC-5", gettext_noop("只有在线查看的副本提供页面图像"))
    return Decision.allow("R-DOC-5")


def may_print_file(*, approvals_installed: bool, approval_ref: str | None,
                   remaining: int) -> Decision:
    if not approvals_installed:
        return Decision.deny("R-DOC-1", gettext_noop("打印须经打印审批并登记,本系统未启用审批模块"))
    if approval_ref is None:
        return Decision.deny("R-DOC-1", gettext_noop("没有已批准的打印申请:请先申请打印并经批准"))
    if remaining <= 0:
        return Decision.deny("R-DOC-1", gettext_noop("打印审批 %(ref)s 批准的份数已用完"),
                             ref=approval_ref)
    return Decision.allow("R-DOC-1", approval_ref)


def may_trace_copies(actor: Person, *, secrecy_office: bool) -> Decision:
    if actor.status == "LEFT":
        return Decision.deny("R-ACC-1", gettext_noop("人员已离职"))
    if secrecy_office or actor.rank in TRACE_RANKS:
        return Decision.allow("R-DOC-7")
    return Decision.deny("R-ACC-4", gettext_noop("只有保密办和公司领导可以追查泄露的副本"))
