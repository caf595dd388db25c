"""Office documents → PDF with LibreOffice headless (Debian libreoffice-core, -writer,
-calc, -impress; `make run` installs them).

The plaintext exists only in a private temporary directory (in RAM under /dev/shm where
there is one), removed as soon as the conversion ends. Conversions in one process take
turns: they share one LibreOffice profile, created once per process.
"""

from __future__ import annotations

import os
import shutil
import subprocess  # noqa: S404 - LibreOffice is run without a shell, on our own file names
import tempfile
import threading
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from baomi.files.ingest.limits import BadFile, Limits

EXTENSION = {"DOCX": "docx", "DOC": "doc", "XLSX": "xlsx", "PPTX": "pptx"}
_lock = threading.Lock()


class OfficeMissing(BadFile):
    pass


def soffice_path() -> str | None:
    configured = getattr(settings, "BAOMI_SOFFICE", None)
    if configured is not None:  # "" switches conversion off
        return configured or None
    return shutil.which("soffice") or shutil.which("libreoffice")


def _scratch_root() -> str | None:
    shm = Path("/dev/shm")  # noqa: S108 - RAM-backed scratch, never the disk
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def office_to_pdf(data: bytes, kind: str, limits: Limits) -> bytes:
    binary = soffice_path()
    if binary is None:
        raise OfficeMissing(
            _("Office 文件需要 LibreOffice 转换为 PDF,本机没有安装 LibreOffice;请安装 Debian 包 "
            "libreoffice-core libreoffice-writer libreoffice-calc libreoffice-impress"
            "(make run 会安装),或上传 PDF"))
    profile = Path(tempfile.gettempdir()) / f"baomi-lo-profile-{os.getuid()}-{os.getpid()}"
    with _lock, tempfile.TemporaryDirectory(prefix="baomi-conv-", dir=_scratch_root()) as tmp:
        source = Path(tmp) / f"document.{EXTENSION[kind]}"
        fd = os.open(source, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        command = [binary, "--headless", "--norestore", "--nologo", "--nodefault",
                   "--nolockcheck", f"-env:UserInstallation={profile.as_uri()}",
                   "--convert-to", "pdf", "--outdir", tmp, str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=limits.convert_timeout,  # noqa: S603
                           check=False, cwd=tmp, env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            raise BadFile(_("Office 文件转换超时(超过 %(convert_timeout)s 秒)") % {"convert_timeout": limits.convert_timeout}) from None
        except OSError as exc:
            raise OfficeMissing(_("无法启动 LibreOffice:%(exc)s") % {"exc": exc}) from None
        target = Path(tmp) / "document.pdf"
        if not target.exists() or target.stat().st_size == 0:
            raise BadFile(_("Office 文件无法转换为 PDF(文件已损坏、设有密码,或格式不受支持)"))
        return target.read_bytes()
