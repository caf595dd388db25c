"""Benchmark: per-copy watermarking and encryption at rest (issue 4, "Performance").

A 1,000-page text PDF is marked and stored encrypted as on ingest. Then, in the same run:

* ours — one traceable copy: read the ciphertext, decrypt, stamp the visible watermark
  and the trace code on every page, set the document information, save to bytes
  (`baomi.files.crypto.decrypt` + `baomi.files.pdf.documents.copy_pdf`);
* pikepdf_open_save — the limit: open and save the same decrypted PDF unchanged;
* qpdf_overlay — `qpdf --overlay stamp.pdf --repeat=1` on the same stamp, as a process
  (Debian's qpdf, what a sysadmin would script);
* pypdf_merge_page — pypdf `merge_page` of the same stamp onto every page.

Goals: ≤ 2× the limit, faster than qpdf, ≥ 20× faster than pypdf, output ≤ 1.2× the input.
Also encrypt + decrypt of 100 MB against raw AES-GCM of `cryptography` on the same bytes
(goal ≤ 1.3×). Prints one JSON line per figure: {"bench", "ours", "anchor", "ratio", "unit"}.

    .venv/bin/python bench/watermark.py [--pages 1000] [--mb 100]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess  # noqa: S404
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def emit(bench: str, ours: float, anchor: float, unit: str, **extra: Any) -> None:
    row = {"bench": bench, "ours": round(ours, 4), "anchor": round(anchor, 4),
           "ratio": round(ours / anchor, 3) if anchor else None, "unit": unit, **extra}
    print(json.dumps(row, ensure_ascii=False), flush=True)


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    fn()  # warm-up (font registration, imports, page cache)
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def text_pdf(pages: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    for n in range(pages):
        canvas.setFont("Helvetica", 10)
        for line in range(50):
            canvas.drawString(50, 800 - line * 15,
                              f"Page {n + 1} line {line + 1}: quarterly cost analysis of the new "
                              "product line, supplier prices and bill of materials")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="baomi-bench-wm-"))
    os.environ["BAOMI_DATA_DIR"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    import pikepdf
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from baomi.files import crypto
    from baomi.files.pdf.documents import copy_pdf, mark_pdf
    from baomi.files.pdf.overlays import MarkSpec, WatermarkSpec, draw_watermark

    try:
        log(f"making a {args.pages}-page text PDF")
        marked = mark_pdf(text_pdf(args.pages),
                          MarkSpec("秘密", "top_left_every_page", "BM-2026-000001", "10年",
                                   "2036-05-01"))
        data_key = crypto.new_data_key()
        stored = tmp / "stored.bmf"
        stored.write_bytes(crypto.encrypt(data_key, marked, blob_id="bench"))
        spec = WatermarkSpec(name="张伟明", staff_no="E1001", copy_label="3",
                             issued="2026-05-01 14:03", purpose="下载",
                             code="BMT1-AAAAAAAAAAAAAAAAAAAAAAAAAAAAA")

        def ours() -> bytes:
            plain = crypto.decrypt(data_key, stored.read_bytes(), blob_id="bench")
            return copy_pdf(bytes(plain), spec)  # as blob_read hands it over

        def limit() -> bytes:
            out = io.BytesIO()
            with pikepdf.open(io.BytesIO(marked)) as pdf:
                pdf.save(out)
            return out.getvalue()

        t_ours, out_ours = timed(ours, args.runs)
        t_limit, out_limit = timed(limit, args.runs)
        emit("watermark_copy_vs_open_save", t_ours, t_limit, "s", pages=args.pages,
             goal="ratio <= 2")
        emit("watermark_output_size", len(out_ours), len(marked), "bytes",
             goal="ratio <= 1.2", open_save_bytes=len(out_limit))

        source = tmp / "in.pdf"
        source.write_bytes(marked)
        stamp_pdf = tmp / "stamp.pdf"
        stamp_pdf.write_bytes(draw_watermark(spec, 595.2756, 841.8898))
        qpdf = shutil.which("qpdf")
        if qpdf:
            def run_qpdf() -> None:
                subprocess.run([qpdf, str(source), "--overlay", str(stamp_pdf),  # noqa: S603
                                "--repeat=1", "--", str(tmp / "qpdf-out.pdf")], check=True)

            t_qpdf, _ = timed(run_qpdf, max(3, args.runs // 2))
            emit("watermark_copy_vs_qpdf_overlay", t_ours, t_qpdf, "s", pages=args.pages,
                 goal="ratio < 1")
        else:
            log("qpdf not installed (apt-get install qpdf): qpdf anchor skipped")
        try:
            import pypdf
        except ImportError:
            log("pypdf not installed (pip install pypdf): pypdf anchor skipped")
        else:
            def run_pypdf() -> bytes:
                writer = pypdf.PdfWriter(clone_from=io.BytesIO(marked))
                stamp_page = pypdf.PdfReader(str(stamp_pdf)).pages[0]
                for page in writer.pages:
                    page.merge_page(stamp_page)
                out = io.BytesIO()
                writer.write(out)
                return out.getvalue()

            t_pypdf, _ = timed(run_pypdf, 1)
            emit("watermark_copy_vs_pypdf_merge_page", t_ours, t_pypdf, "s", pages=args.pages,
                 goal="ratio <= 0.05")

        log(f"encrypting and decrypting {args.mb} MB")
        payload = os.urandom(args.mb * 1024 * 1024)

        def ours_crypto() -> None:
            sealed = crypto.encrypt(data_key, payload, blob_id="bench")
            assert crypto.decrypt(data_key, sealed, blob_id="bench") == payload

        aead = AESGCM(data_key)
        nonce = os.urandom(12)

        def raw_crypto() -> None:
            sealed = aead.encrypt(nonce, payload, None)
            assert aead.decrypt(nonce, sealed, None) == payload

        t_c_ours, _ = timed(ours_crypto, 3)
        t_c_raw, _ = timed(raw_crypto, 3)
        emit("encrypt_decrypt_vs_raw_aesgcm", t_c_ours, t_c_raw, "s", mb=args.mb,
             goal="ratio <= 1.3")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
