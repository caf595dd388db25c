"""What an upload is, by its bytes, and whether that matches its extension."""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from baomi.files.ingest.limits import BadFile, Limits, human_size

#: extension → kind (CarrierFile.Kind)
EXTENSIONS = {
    "pdf": "PDF", "png": "PNG", "jpg": "JPEG", "jpeg": "JPEG",
    "docx": "DOCX", "doc": "DOC", "xlsx": "XLSX", "pptx": "PPTX",
}
#: shown in messages, translated where they are used (`_(LABELS[kind])`)
LABELS = {
    "PDF": gettext_noop("PDF 文件"), "PNG": gettext_noop("PNG 图像"),
    "JPEG": gettext_noop("JPEG 图像"), "DOCX": gettext_noop("Word 文档(.docx)"),
    "DOC": gettext_noop("Word 97-2003 文档(.doc)"), "XLSX": gettext_noop("Excel 工作簿(.xlsx)"),
    "PPTX": gettext_noop("PowerPoint 演示文稿(.pptx)"), "ZIP": gettext_noop("ZIP 压缩包"),
    "OLE2": gettext_noop("Office 97-2003 文件"), "UNKNOWN": gettext_noop("无法识别的数据"),
}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_PARTS = {"DOCX": "word/document.xml", "XLSX": "xl/workbook.xml",
               "PPTX": "ppt/presentation.xml"}
SUPPORTED = "PDF、PNG、JPEG、Word(.docx/.doc)、Excel(.xlsx)、PowerPoint(.pptx)"


def extension_kind(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = EXTENSIONS.get(ext)
    if kind is None:
        shown = f".{ext}" if ext else _("(无扩展名)")
        raise BadFile(_("不支持的文件类型 %(shown)s:只接受 %(SUPPORTED)s") % {"shown": shown, "SUPPORTED": SUPPORTED})
    return kind


def _zip_kind(data: bytes, limits: Limits) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise BadFile(_("文件已损坏:ZIP 结构无法读取")) from None
    expanded = sum(info.file_size for info in infos)
    if expanded > limits.max_expanded_bytes:
        raise BadFile(_("疑似压缩炸弹:解压后 %(expanded)s,超过上限 "
                      "%(max_expanded_bytes)s") % {"expanded": human_size(expanded), "max_expanded_bytes": human_size(limits.max_expanded_bytes)})
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > 200 * max(info.compress_size, 1):
            raise BadFile(_("疑似压缩炸弹:%(filename)s 压缩比超过 200 倍") % {"filename": info.filename})
    names = {info.filename for info in infos}
    if "[Content_Types].xml" in names:
        for kind, part in OOXML_PARTS.items():
            if part in names:
                return kind
    return "ZIP"


def sniff(data: bytes, limits: Limits) -> str:
    head = data[:1024]
    if b"%PDF-" in head:
        return "PDF"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, limits)
    if data.startswith(OLE2):
        return "OLE2"
    return "UNKNOWN"


def check_kind(name: str, data: bytes, limits: Limits) -> str:
    """The kind of a non-empty upload within the size limit, or BadFile naming why not."""
    expected = extension_kind(name)
    actual = sniff(data, limits)
    if actual == "OLE2" and expected == "DOC":
        return "DOC"
    if actual == "OLE2" and expected in OOXML_PARTS:
        raise BadFile(_("%(expected)s设有密码(已加密),无法转换;请上传未加密的文件") % {"expected": _(LABELS[expected])})
    if actual != expected:
        ext = name.rsplit(".", 1)[-1].lower()
        raise BadFile(_("文件内容与扩展名不符:扩展名是 .%(ext)s,内容是%(actual)s") % {"ext": ext, "actual": _(LABELS[actual])})
    return actual
