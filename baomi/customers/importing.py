"""Reading import files row by row: CSV (UTF-8 or GB18030) and xlsx (openpyxl read-only,
streamed, so a large file never sits in memory). Columns are named by the Chinese labels
of records.LABELS or their English keys; line numbers are those a spreadsheet shows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from baomi.core.errors import ApplicationError
from baomi.customers.records import HEADERS

if TYPE_CHECKING:
    from collections.abc import Iterator


@dataclass
class ImportFile:
    rows: Iterator[tuple[int, dict[str, Any]]]
    total: int            # data rows (for the progress bar; may be an estimate for xlsx)
    ignored_columns: list[str]


def _columns(header: list[Any]) -> tuple[list[str | None], list[str]]:
    keys = [HEADERS.get(str(h or "").strip()) for h in header]
    if not any(keys):
        raise ApplicationError(_("无法识别文件的表头"), fields={"file": [
            _("第1行应为列名,如:保单号、代理人工号、投保人姓名……(见 docs/apps/customers.md)")]})
    ignored = [str(h) for h, k in zip(header, keys, strict=True) if h and not k]
    return keys, ignored


def _row(keys: list[str | None], values: Any) -> dict[str, Any]:
    return {k: v for k, v in zip(keys, values, strict=False) if k}


def _open_text(data: bytes) -> io.StringIO:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return io.StringIO(data.decode(encoding), newline="")
        except UnicodeDecodeError:
            continue
    raise ApplicationError(_("文件编码无法识别"), fields={"file": [_("请保存为 UTF-8 或 GB18030 编码的 CSV")]})


def read_csv(data: bytes) -> ImportFile:
    stream = _open_text(data)
    total = max(0, stream.getvalue().count("\n") - 1)
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        raise ApplicationError(_("文件是空的"), fields={"file": [_("文件没有任何内容")]}) from None
    except csv.Error as exc:
        raise ApplicationError(_("CSV 无法解析"), fields={"file": [str(exc)]}) from exc
    keys, ignored = _columns(header)

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield reader.line_num, {"__error__": _("CSV 无法解析:%(exc)s") % {"exc": exc}}
                continue
            if any(v.strip() for v in values):
                yield reader.line_num, _row(keys, values)

    return ImportFile(rows=rows(), total=total, ignored_columns=ignored)


def read_xlsx(source: str | Path | io.BytesIO) -> ImportFile:
    from zipfile import BadZipFile

    import openpyxl

    try:
        book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ApplicationError(_("xlsx 文件无法打开"), fields={"file": [str(exc)[:200]]}) from exc
    sheet = book.worksheets[0]
    it = sheet.iter_rows(values_only=True)
    try:
        header = list(next(it))
    except StopIteration:
        book.close()
        raise ApplicationError(_("文件是空的"), fields={"file": [_("工作表没有任何内容")]}) from None
    keys, ignored = _columns(header)
    total = max(0, (sheet.max_row or 1) - 1)

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        try:
            for line, values in enumerate(it, start=2):
                if any(v not in (None, "") for v in values):
                    yield line, _row(keys, values)
        finally:
            book.close()

    return ImportFile(rows=rows(), total=total, ignored_columns=ignored)


def open_import(name: str, data: bytes | None = None) -> ImportFile:
    """An import file by name (CLI: a path) or by name and content (an upload)."""
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ApplicationError(_("文件类型不支持"), fields={"file": [_("只支持 .csv 和 .xlsx 文件")]})
    if data is None:
        path = Path(name)
        if not path.is_file():
            raise ApplicationError(_("文件不存在"), fields={"file": [_("找不到文件 %(name)s") % {"name": name}]})
        if suffix == ".xlsx":
            return read_xlsx(path)
        data = path.read_bytes()
    return read_xlsx(io.BytesIO(data)) if suffix == ".xlsx" else read_csv(data)
