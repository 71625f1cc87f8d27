"""The complaint bundle: letter, timeline, files, manifest and how to submit, in one zip."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from budget.domain.collection_rules import RECIPIENTS
from budget.domain.evidence_input import clean_text
from budget.i18n import _
from budget.services.complaint_letter import letter, recipient_name, timeline_csv
from budget.services.evidence import LoanEvidence, find_loan, loan_evidence
from budget.services.ledger import EntryError
from budget.storage.evidence import EvidenceBook, VerifyReport
from budget.storage.evidence_files import private_folder
from budget.storage.evidence_lookup import LoanRef
from budget.storage.ledger import Ledger


@dataclass(frozen=True)
class Bundle:
    """A written bundle: where, for whom, how many entries and files, the chain's last hash,
    and the lender and its numbers (for the escalation ladder shown beside it)."""

    path: Path
    recipient: str
    entries: int
    files: int
    head: str
    lender: str
    numbers: tuple[str, ...]


def ladder(lender: str, numbers: tuple[str, ...] | list[str]) -> list[str]:
    """Where to turn, in order of escalation (domain.md §3), with the numbers to call."""
    own = ", ".join(numbers) if numbers else _("the number in its app")
    return [
        _("1. {lender}'s customer service: {numbers}").format(lender=lender, numbers=own),
        _("2. 12378: the financial regulator's consumer hotline (banking, insurance)"),
        _("3. 12363: the People's Bank of China (credit reports, payments)"),
        _("4. 12321: reports of harassing calls and messages"),
        _("5. 110: police, for threats or violence"),
        _("Free legal aid: 12348"),
    ]


def how_to_submit(recipient: str, lender: str, numbers: tuple[str, ...]) -> str:
    """A short note, in the app's language, on how to hand the bundle to `recipient`."""
    own = ", ".join(numbers) if numbers else _("the number in its app")
    steps = {
        "lender": _("Call {lender}'s customer service ({numbers}) and say you want to complain "
                    "about how your debt is being collected. Ask for a complaint reference "
                    "number and write it down with the date and the name of the person you "
                    "spoke to. Send letter.txt and the files through the channel they name "
                    "(the app's complaint page or an e-mail address). If there is no answer, "
                    "or the collection goes on, go on to 12378 with this bundle."),
        "12378": _("Call 12378, the financial regulator's consumer hotline. Say which lender, "
                   "when you complained to it first and its reference number, and what the "
                   "letter says; ask for a reference number. Send the bundle when they ask "
                   "for material."),
        "12363": _("Call 12363, the People's Bank of China hotline, about what concerns your "
                   "credit report or payments (for example a record reported without notice, "
                   "征信业管理条例 art. 15). Give the lender's name and your complaint reference "
                   "numbers; send the bundle when they ask for material."),
        "12321": _("Report each harassing number to 12321 (the reporting centre for harassing "
                   "calls and messages): the number, the time and what was said, from the "
                   "timeline; attach the screenshots when asked."),
        "110": _("If you are in danger now, call 110. Otherwise take letter.txt (printed) and "
                 "the files on your phone to the local police station (派出所), ask them to "
                 "register the report (报案) and to give you a receipt (报案回执)."),
    }
    lines = [_("How to submit this bundle"), "", steps[recipient].format(lender=lender,
                                                                          numbers=own), "",
             _("Keep a copy of the zip: SHA256SUMS and manifest.json let anyone check that no "
               "file was changed (sha256sum -c SHA256SUMS)."), "",
             _("Where to turn, in order:"), *ladder(lender, numbers), ""]
    return "\n".join(lines)


def export_bundle(ledger: Ledger, loan_name: str, recipient: str, out: str | Path, *,
                  today: date, now: datetime) -> Bundle:
    """Write the bundle for one loan to `out` (0600), replacing nothing until it is whole.

    Refuses (EntryError) a loan with no evidence, an unknown recipient, or evidence that
    does not verify: a bundle must not vouch for files that were changed.
    """
    if recipient not in RECIPIENTS:
        raise EntryError("to", _("'{text}' is not a recipient: use one of {choices}").format(
            text=recipient, choices=", ".join(RECIPIENTS)))
    book = EvidenceBook(ledger)
    loan = find_loan(book, loan_name)
    evidence = loan_evidence(ledger, loan.id)
    if not evidence.entries:
        raise EntryError("loan", _("nothing is recorded for {loan} yet: add contacts with "
                                   "`budget evidence add`").format(loan=loan.name))
    _refuse_unverified(book.verify(), loan, evidence)
    target = _target(out)
    stored = book.files.stored()
    files = _file_list(evidence, stored)
    root = _root_name(loan, recipient, today)
    members = {
        "letter.txt": letter(evidence, book.profile(), recipient, today,
                             [(name, sha256) for sha256, _path, name in files]).encode(),
        "timeline.csv": timeline_csv(evidence),
        "entries.json": _entries_json(evidence),
        "HOW-TO-SUBMIT.txt": how_to_submit(recipient, loan.lender or loan.name,
                                           evidence.numbers).encode(),
    }
    _write_zip(target, root, members, files, _manifest_base(evidence, recipient, now), now)
    return Bundle(target, recipient, len(evidence.entries), len(files), evidence.head or "",
                  loan.lender or loan.name, evidence.numbers)


def _refuse_unverified(report: VerifyReport, loan: LoanRef, evidence: LoanEvidence) -> None:
    own = {f.sha256 for entry in evidence.entries for f in entry.files}
    broken = [problem for problem in report.chain if problem.loan_id == loan.id]
    bad_files = [name for name in report.files_changed + report.files_missing
                 if name[:64] in own]
    if broken or bad_files:
        raise EntryError("loan", _("the evidence of {loan} does not verify ({count} problems): "
                                   "run `budget evidence verify` to see them; no bundle was "
                                   "written").format(loan=loan.name,
                                                     count=len(broken) + len(bad_files)))


def _target(out: str | Path) -> Path:
    target = Path(clean_text(str(out), limit=4096)).expanduser()
    if not target.name or target.is_dir():
        raise EntryError("out", _("{path} is a folder: give a file name such as "
                                  "complaint.zip").format(path=target))
    if not target.parent.exists():
        private_folder(target.parent)
    return target


def _file_list(evidence: LoanEvidence, stored: dict[str, Path]) -> list[tuple[str, Path, str]]:
    """(SHA-256, stored copy, original name) of each distinct file, first use first."""
    files: dict[str, tuple[str, Path, str]] = {}
    for entry in evidence.entries:
        for file in entry.files:
            if file.sha256 not in files:
                files[file.sha256] = (file.sha256, stored[file.sha256], file.name)
    return list(files.values())


def _root_name(loan: LoanRef, recipient: str, today: date) -> str:
    safe = "".join(char if char.isalnum() or char in "-_" else "_" for char in loan.name)
    return f"budget-complaint-{safe}-{recipient}-{today:%Y%m%d}"


def _entries_json(evidence: LoanEvidence) -> bytes:
    entries = [{"content": entry.content(), "hash": entry.hash} for entry in evidence.entries]
    document = {
        "how_to_check": "hash = SHA-256 of b'budget-evidence-1\\n' + the content as JSON with "
                        "sorted keys, separators (',', ':'), UTF-8, not ASCII-escaped; each "
                        "content's 'prev' is the hash of the entry before it (64 zeros for "
                        "the first)",
        "entries": entries,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def _manifest_base(evidence: LoanEvidence, recipient: str, now: datetime) -> dict:
    loan = evidence.loan
    return {
        "created_at": now.isoformat(timespec="seconds"),
        "loan": {"name": loan.name, "lender": loan.lender, "official_numbers":
                 list(evidence.numbers)},
        "recipient": {"code": recipient, "name": recipient_name(recipient,
                                                                loan.lender or loan.name)},
        "chain": {"entries": len(evidence.entries), "last_hash": evidence.head},
    }


def _write_zip(target: Path, root: str, members: dict[str, bytes],
               files: list[tuple[str, Path, str]], manifest: dict, now: datetime) -> None:
    """Write to a private temporary file beside `target`, then move it into place."""
    import tempfile

    descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                        dir=target.parent)
    temporary = Path(name)
    try:
        os.fchmod(descriptor, 0o600)
        listed = []
        with os.fdopen(descriptor, "wb") as raw, zipfile.ZipFile(raw, "w") as bundle:
            for folder in (f"{root}/", f"{root}/files/"):
                # Listed with their mode, so unzip makes them private as well.
                info = zipfile.ZipInfo(folder, date_time=now.timetuple()[:6])
                info.external_attr = (0o40700 << 16) | 0x10
                bundle.writestr(info, b"")
            for name, data in members.items():
                _add(bundle, f"{root}/{name}", data, now, zipfile.ZIP_DEFLATED)
                listed.append({"path": name, "sha256": hashlib.sha256(data).hexdigest(),
                               "size": len(data)})
            for sha256, path, original in files:
                name = f"files/{path.name}"
                data = path.read_bytes()
                if hashlib.sha256(data).hexdigest() != sha256:
                    raise EntryError("loan", _("{name} changed while the bundle was written: "
                                               "run `budget evidence verify`").format(
                        name=path.name))
                # Screenshots and recordings are compressed already: store them as they are.
                _add(bundle, f"{root}/{name}", data, now, zipfile.ZIP_STORED)
                listed.append({"path": name, "sha256": sha256, "size": len(data),
                               "original_name": original})
            manifest_data = json.dumps({**manifest, "files": listed}, ensure_ascii=False,
                                       indent=2).encode()
            _add(bundle, f"{root}/manifest.json", manifest_data, now, zipfile.ZIP_DEFLATED)
            sums = [(item["sha256"], item["path"]) for item in listed]
            sums.append((hashlib.sha256(manifest_data).hexdigest(), "manifest.json"))
            _add(bundle, f"{root}/SHA256SUMS",
                 "".join(f"{digest}  {name}\n" for digest, name in sums).encode(), now,
                 zipfile.ZIP_DEFLATED)
        os.replace(temporary, target)
        os.chmod(target, 0o600)
    finally:
        temporary.unlink(missing_ok=True)


def _add(bundle: zipfile.ZipFile, name: str, data: bytes, now: datetime,
         compression: int) -> None:
    info = zipfile.ZipInfo(name, date_time=now.timetuple()[:6])
    info.compress_type = compression
    info.external_attr = 0o600 << 16  # extracted files stay private too
    bundle.writestr(info, data)
