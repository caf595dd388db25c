"""Checkpoints, proofs from the database, export and offline verification end to end."""

from __future__ import annotations

import dataclasses
import json
import stat

import pytest
from django.core.management import call_command

from baomi.audit import verifier
from baomi.audit.checkpoints import audit_checkpoint_create, checkpoint_files
from baomi.audit.keys import key_dir, verifier_key
from baomi.audit.merkle import Hasher, ProofError
from baomi.audit.models import AuditHead
from baomi.audit.note import open_checkpoint, parse_vkey
from baomi.audit.selectors import consistency_proof, inclusion_proof, log_first_broken
from baomi.audit.services import audit_append, audit_append_many
from baomi.policy.document import PolicyError, load_policy_file, parse_policy
from baomi.policy.runtime import get_policy, policy_override


@pytest.fixture(autouse=True)
def keys_in_tmp(settings, tmp_path):
    settings.BAOMI_AUDIT_KEY_DIR = str(tmp_path / "audit")
    return tmp_path / "audit"


def append(n: int, people) -> None:
    audit_append_many(events=[{"actor": people["gm"], "action": "test.event", "detail": {"i": i}}
                              for i in range(n)])


def test_checkpoint_is_signed_idempotent_and_filed(people, keys_in_tmp):
    append(50, people)
    first = audit_checkpoint_create()
    assert first.created
    origin = get_policy().audit.origin
    vkey = verifier_key(name=origin, algorithm="ed25519")
    cp = open_checkpoint(first.checkpoint.note, vkey)
    assert (cp.size, cp.root.hex()) == (50, AuditHead.objects.get().root)
    assert cp.suite == ("sha256", "ed25519") and cp.time.endswith("Z")
    assert stat.S_IMODE((key_dir() / "ed25519.key").stat().st_mode) == 0o600
    text, pdf = checkpoint_files(first.checkpoint)
    assert text.read_text() == first.checkpoint.note
    assert pdf.read_bytes().startswith(b"%PDF")
    again = audit_checkpoint_create()
    assert not again.created and again.checkpoint.pk == first.checkpoint.pk
    append(1, people)
    assert audit_checkpoint_create().checkpoint.size == 51


def test_proofs_from_the_database_verify(people):
    append(100, people)
    old = audit_checkpoint_create().checkpoint
    append(37, people)
    new = audit_checkpoint_create().checkpoint
    vkey = verifier_key(name=get_policy().audit.origin, algorithm="ed25519")
    cp_old, cp_new = open_checkpoint(old.note, vkey), open_checkpoint(new.note, vkey)
    for seq in (1, 2, 16, 17, 64, 100, 101, 137):
        doc = inclusion_proof(seq=seq)
        verifier.verify_proof(doc, cp_new)
        if seq <= 100:
            verifier.verify_proof(inclusion_proof(seq=seq, size=100), cp_old)
    doc = consistency_proof(first=100)
    assert doc["first_root"] == json.loads(json.dumps(doc))["first_root"]
    verifier.verify_proof(doc, cp_new)
    doc["first_size"] = 99
    with pytest.raises(ProofError):
        verifier.verify_proof(doc, cp_new)


def test_export_checkpoint_verify_by_hand_and_one_byte_edit(people, tmp_path, capsys):
    append(300, people)
    audit_append(actor=people["staff"], action="carrier.view", target=("carrier", 9),
                 detail={"number": "BM-2026-000009"})
    call_command("audit_checkpoint")
    call_command("audit_export", str(tmp_path / "audit.jsonl"))
    out = capsys.readouterr().out
    assert "已签署检查点" in out and "已导出 301 条事件" in out
    cp_file, vkey_file = key_dir() / "checkpoints" / "latest.txt", key_dir() / "ed25519.vkey"
    args = ["--checkpoint", str(cp_file), "--key", str(vkey_file)]
    call_command("audit_verify", "--export", str(tmp_path / "audit.jsonl"), *args)
    assert "通过 OK: 301 条事件" in capsys.readouterr().out
    data = (tmp_path / "audit.jsonl").read_bytes()
    at = data.index(b"BM-2026-000009") + len(b"BM-2026-00000")
    (tmp_path / "edited.jsonl").write_bytes(data[:at] + b"8" + data[at + 1:])  # one byte
    with pytest.raises(SystemExit):
        call_command("audit_verify", "--export", str(tmp_path / "edited.jsonl"), *args)
    assert "index 300" in capsys.readouterr().out  # event #301
    call_command("audit_prove", "--seq", "5")
    proof = tmp_path / "proof.json"
    proof.write_text(capsys.readouterr().out)
    assert verifier.main(["--export", str(tmp_path / "audit.jsonl"), *args,
                          "--proof", str(proof)]) == 0
    call_command("audit_verify")  # the database itself
    assert "通过 OK" in capsys.readouterr().out


def test_national_suite_sm3_and_sm2(people, tmp_path):
    policy = get_policy()
    national = dataclasses.replace(policy, audit=dataclasses.replace(policy.audit,
                                                                     suite="national"))
    with policy_override(national):
        append(20, people)
        assert AuditHead.objects.get().hash_algorithm == "sm3"
        result = audit_checkpoint_create()
        assert "suite sm3 sm2" in result.checkpoint.note
        vkey = (key_dir() / "sm2.vkey").read_text()
        assert parse_vkey(vkey).algorithm == "sm2"
        (tmp_path / "cp.txt").write_text(result.checkpoint.note)
        (tmp_path / "k.vkey").write_text(vkey)
        call_command("audit_export", str(tmp_path / "e.jsonl"))
        reports = verifier.verify_files(tmp_path / "e.jsonl", [tmp_path / "cp.txt"],
                                        tmp_path / "k.vkey")
        assert reports[0].ok
        verifier.verify_proof(inclusion_proof(seq=7), open_checkpoint(
            result.checkpoint.note, parse_vkey(vkey)))
        assert log_first_broken() is None
    # switching back signs with Ed25519 again, but the log keeps hashing with SM3
    result = audit_checkpoint_create()
    assert "suite sm3 ed25519" in result.checkpoint.note and result.warning
    assert Hasher(AuditHead.objects.get().hash_algorithm).algorithm == "sm3"


@pytest.mark.parametrize(("snippet", "reason"), [
    ('[audit]\nsuite = "quantum"\n', "audit.suite"),
    ('[audit]\norigin = "has space"\n', "audit.origin"),
    ('[audit]\nauditor_ranks = ["KING"]\n', "unknown rank"),
    ('[audit]\ncolour = "red"\n', "unknown key"),
])
def test_policy_audit_table_is_validated(snippet, reason):
    text = load_policy_file(get_policy().source or "").text if get_policy().source else ""
    base = text.split("\n[audit]")[0]
    with pytest.raises(PolicyError) as err:
        parse_policy(base + "\n" + snippet)
    assert reason in str(err.value) and err.value.line


def test_bad_proof_requests_are_clear_errors(people, capsys):
    append(3, people)
    with pytest.raises(SystemExit) as exit_:
        call_command("audit_prove", "--seq", "9")
    assert exit_.value.code == 2
    with pytest.raises(SystemExit):
        call_command("audit_prove", "--consistency", "2", "--size", "99")
    assert "树大小超出范围" in capsys.readouterr().err
