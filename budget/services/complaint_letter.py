"""The complaint letter and timeline of a bundle, always in Simplified Chinese (issue 12)."""

from __future__ import annotations

import csv
import io
from datetime import date
from functools import cache
from pathlib import Path

from budget.domain.collection import check_message
from budget.domain.collection_rules import TAGS
from budget.domain.evidence import EvidenceEntry
from budget.services.evidence import LoanEvidence

LETTER_FILE = Path(__file__).resolve().parent.parent / "data" / "complaint_zh.toml"
TABLE_WIDTHS = (4, 16, 4, 14, 4, 12)
NOTE_IN_TABLE = 24
# Excel and WPS run a cell that starts with one of these as a formula: a collector's text
# must never do that on the recipient's computer.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@cache
def letter_texts() -> dict:
    """The Chinese wording of budget/data/complaint_zh.toml."""
    import tomllib

    with open(LETTER_FILE, "rb") as file:
        return tomllib.load(file)


def recipient_name(code: str, lender: str) -> str:
    """Who the letter is addressed to, in Chinese."""
    return letter_texts()["recipients"][code]["to"].format(lender=lender)


def letter(evidence: LoanEvidence, profile: dict[str, str], recipient: str, on: date,
           files: list[tuple[str, str]]) -> str:
    """The letter: who you are, which loan, what happened, a timeline, each violation with
    its rule, what you ask for, and the evidence attached. `files` are (name, SHA-256)."""
    texts = letter_texts()
    loan = evidence.loan
    lender = loan.lender or loan.name
    name = profile.get("name") or "（姓名）"
    parts = [
        f"关于{lender}（{loan.name}）催收行为的投诉",
        "",
        f"致：{recipient_name(recipient, lender)}",
        "",
        "一、投诉人",
        f"姓名：{name}",
        f"联系电话：{profile.get('phone') or '（电话）'}",
        *([f"身份证号：{profile['id_number']}"] if profile.get("id_number") else []),
        "",
        "二、涉及的借款",
        f"借款：{loan.name}；出借机构：{lender}；"
        f"官方客服电话：{'、'.join(evidence.numbers) or '（未记录）'}。",
        "",
        "三、事实经过",
        _story(evidence),
        "",
        "四、时间线",
        *_table(evidence.timeline, texts),
        "",
        "各次联系的内容：",
        *_contents(evidence.timeline, texts),
        "",
        "五、违规行为及依据",
        *_violations(evidence.timeline, texts),
        "",
        "六、我的请求",
        *_asks(texts["recipients"][recipient]["asks"], lender, evidence.timeline),
        "",
        "七、证据",
        *_attachments(evidence, files),
        "",
        "此致",
        "",
        f"投诉人：{name}",
        f"{on.year}年{on.month}月{on.day}日",
    ]
    return "\n".join(parts) + "\n"


def _story(evidence: LoanEvidence) -> str:
    timeline = evidence.timeline
    if not timeline:
        return "（尚无记录。）"
    calls = [entry for entry in timeline if entry.contact.channel == "call"]
    unanswered = sum(1 for entry in calls if not entry.contact.answered)
    senders = list(dict.fromkeys(entry.contact.from_number for entry in timeline
                                 if entry.contact.from_number))
    flagged = sum(1 for entry in timeline if entry.tags)
    first, last = timeline[0].contact.at, timeline[-1].contact.at
    return (f"自{first:%Y-%m-%d}至{last:%Y-%m-%d}，我共记录了{len(timeline)}次催收联系"
            f"（电话{len(calls)}次，其中未接通{unanswered}次；短信、微信、上门等"
            f"{len(timeline) - len(calls)}次），来自{len(senders)}个号码"
            f"{'：' + '、'.join(senders) if senders else ''}。其中{flagged}次存在下述问题。"
            "每次联系的时间、方式、号码和内容见下表，完整记录见所附 timeline.csv。")


def _cell(text: str, width: int) -> str:
    """`text` cut and padded to `width` terminal cells (a Chinese character takes two)."""
    from rich.cells import cell_len, set_cell_size

    text = " ".join(text.split())
    if cell_len(text) > width:
        text = set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def _table(timeline: tuple[EvidenceEntry, ...], texts: dict) -> list[str]:
    header = ("序号", "时间", "方式", "号码", "接通", "对方自称", "问题")
    rows = [header]
    for number, entry in enumerate(timeline, start=1):
        contact = entry.contact
        answered = ("是" if contact.answered else "否") if contact.channel == "call" else "—"
        rows.append((str(number), f"{contact.at:%Y-%m-%d %H:%M}",
                     texts["channels"][contact.channel], contact.from_number or "—", answered,
                     contact.who or "—",
                     "；".join(texts["tags"][tag]["name"] for tag in entry.tags) or "—"))
    # The last column (the problems) is not cut: it is what the letter is about.
    return [" ".join([*(_cell(text, width) for text, width in
                        zip(row[:-1], TABLE_WIDTHS, strict=True)), row[-1]]).rstrip()
            for row in rows]


def _contents(timeline: tuple[EvidenceEntry, ...], texts: dict) -> list[str]:
    lines = []
    for number, entry in enumerate(timeline, start=1):
        contact = entry.contact
        head = f"{number}. {contact.at:%Y-%m-%d %H:%M}，{texts['channels'][contact.channel]}"
        if contact.from_number:
            head += f"，{contact.from_number}"
        if contact.who:
            head += f"，对方自称：{contact.who}"
        lines.append(f"{head}：{contact.note or '（无文字记录）'}")
    return lines


def _violations(timeline: tuple[EvidenceEntry, ...], texts: dict) -> list[str]:
    lines, count = [], 0
    # The words behind each tag, found again in the notes, so the letter quotes them.
    findings = [check_message(entry.contact.note).findings if entry.contact.note else ()
                for entry in timeline]
    for tag in TAGS:
        numbers = [number for number, entry in enumerate(timeline, start=1) if tag in entry.tags]
        if not numbers:
            continue
        quoted = list(dict.fromkeys(
            finding.evidence for entry, found in zip(timeline, findings, strict=True)
            if tag in entry.tags for finding in found if finding.tag == tag))
        count += 1
        lines.append(f"{count}. {texts['tags'][tag]['name']}（共{len(numbers)}次："
                     f"第{'、'.join(map(str, numbers))}条）。")
        if quoted:
            lines.append(f"   原话：“{'”“'.join(quoted[:5])}”。")
        lines.append(f"   依据：{texts['tags'][tag]['rule']}")
    return lines or ["（记录中未标出违规行为。）"]


def _asks(asks: list[str], lender: str, timeline: tuple[EvidenceEntry, ...]) -> list[str]:
    senders = "、".join(dict.fromkeys(entry.contact.from_number for entry in timeline
                                      if entry.contact.from_number)) or "（见时间线）"
    return [f"{number}. {ask.format(lender=lender, numbers=senders)}"
            for number, ask in enumerate(asks, start=1)]


def _attachments(evidence: LoanEvidence, files: list[tuple[str, str]]) -> list[str]:
    lines = ["随信附上：timeline.csv（全部记录）、entries.json（每条记录的原始内容及哈希值）、"
             f"manifest.json 和 SHA256SUMS（每个文件的SHA-256校验值），以及{len(files)}个证据文件"
             "（截图、录音、照片）："]
    lines += [f"- {name}（SHA-256：{sha256}）" for name, sha256 in files] or ["- （无）"]
    lines.append("这些记录由 budget 按时间顺序保存：每条记录都包含其内容、所附文件的SHA-256和前一条"
                 "记录的哈希值，事后任何修改都会被发现。证据链最后一条记录的哈希值："
                 f"{evidence.head or '（无）'}。")
    return lines


def timeline_csv(evidence: LoanEvidence) -> bytes:
    """Every entry in chain order, corrections marked, as UTF-8 CSV with a BOM (so Excel
    and WPS in China open it as UTF-8)."""
    texts = letter_texts()
    replaced = {entry.corrects: entry.seq for entry in evidence.entries if entry.corrects}
    seq_of = {entry.id: entry.seq for entry in evidence.entries}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["序号", "时间", "方式", "号码", "接通", "对方自称", "问题", "内容",
                     "文件SHA-256", "状态", "记录时间", "前一条哈希", "哈希"])
    for entry in evidence.entries:
        contact = entry.contact
        status = ("更正第{}条".format(seq_of.get(entry.corrects, "?")) if entry.corrects
                  else f"已被第{replaced[entry.id]}条更正" if entry.id in replaced else "有效")
        row = [entry.seq, f"{contact.at:%Y-%m-%d %H:%M}", texts["channels"][contact.channel],
               contact.from_number, "是" if contact.answered else "否", contact.who,
               "；".join(texts["tags"][tag]["name"] for tag in entry.tags), contact.note,
               " ".join(f.sha256 for f in entry.files), status,
               entry.recorded_at.isoformat(), entry.prev_hash, entry.hash]
        writer.writerow([_safe_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode()


def _safe_cell(value) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
