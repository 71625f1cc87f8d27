"""The collection-message check: what breaks domain.md §3, what is lawful, what to do next."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import NamedTuple

from budget.domain.collection_rules import (
    CREDIT_REGULATION,
    TAGS,
    excessive,
    off_hours,
    rule_for,
)
from budget.domain.phrases import PhraseList, compile_rules, compiled_list
from budget.i18n import _

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "collection_rules.toml"
MAX_EVIDENCE_PARTS = 3
LAWFUL_KINDS = ("due_reminder", "penalty", "official_channel", "credit_report", "lawsuit")

# Put between two Chinese characters to dodge keyword filters (曝 光, 曝*光); dropped there.
_DODGE = set(" \t\u3000*-_.·•~|/\\+=#@^`'\"·、")
_CLAUSE_END = "。，,！？!?；;：:\n"
_SENTENCE_END = "。！？!?；;\n"
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


# NamedTuples and a plain class rather than dataclasses: each dataclass costs ~1 ms to
# create at import, and `budget evidence check` imports this module on every run.
class Finding(NamedTuple):
    """One broken rule: its tag, the words (or facts) that show it, and the rule cited."""

    tag: str
    evidence: str
    rule: str


class Lawful(NamedTuple):
    """Something a lender may say (domain.md §3), the words that say it, and why it is fine."""

    kind: str
    evidence: str
    why: str


class DayCounts(NamedTuple):
    """A day's calls from one lender's collectors, this contact included."""

    day: date
    answered_calls: int = 0
    unanswered_calls: int = 0


class CheckResult(NamedTuple):
    """What the check found. `official_sender` is None when there is nothing to compare."""

    official_sender: bool | None
    findings: tuple[Finding, ...] = ()
    lawful: tuple[Lawful, ...] = ()
    advice: tuple[str, ...] = ()

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(finding.tag for finding in self.findings)

    def to_json(self) -> dict:
        """{"official_sender": bool|null, "findings": [{"tag","evidence","rule"}], "lawful":
        [{"kind","evidence","why"}], "advice": [str]}."""
        return {
            "official_sender": self.official_sender,
            "findings": [{"tag": f.tag, "evidence": f.evidence, "rule": f.rule}
                         for f in self.findings],
            "lawful": [{"kind": item.kind, "evidence": item.evidence, "why": item.why}
                       for item in self.lawful],
            "advice": list(self.advice),
        }


class Phrasebook(NamedTuple):
    """The phrase lists of budget/data/collection_rules.toml, compiled as they are needed."""

    traditional: dict[int, str]
    tags: dict[str, PhraseList]
    lawful: dict[str, PhraseList]
    asks_for_money: PhraseList
    negation: tuple[str, ...] = ()
    negation_window: tuple[int, int] = (0, 0)
    """Characters before a finding searched for Chinese and for English `negation` words,
    back to the start of the clause at most."""


@cache
def phrasebook(path: Path = RULES_FILE) -> Phrasebook:
    """Load the phrase lists (once per process). Raises ValueError if malformed.

    Reads the compiled form beside the TOML when it was made from this very TOML (its
    SHA-256 matches): working out the word gates again costs ~10 ms of every check.
    """
    source = path.read_bytes()
    compiled = _compiled_form(path, source)
    if compiled is None:
        import tomllib

        compiled = compile_rules(tomllib.loads(source.decode()))
    unknown = set(compiled["tags"]) - set(TAGS)
    if unknown:
        raise ValueError(f"{path}: unknown tags {sorted(unknown)}")
    negation = compiled["negation"]
    return Phrasebook(
        traditional={ord(pair[0]): pair[1] for pair in compiled["traditional"]},
        tags={tag: compiled_list(rows) for tag, rows in compiled["tags"].items()},
        lawful={kind: compiled_list(rows) for kind, rows in compiled["lawful"].items()},
        asks_for_money=compiled_list(compiled["asks_for_money"]),
        negation=tuple(negation["words"]),
        negation_window=(negation["window"], negation["window_english"]))


def compiled_path(path: Path = RULES_FILE) -> Path:
    """collection_rules.compiled.json beside collection_rules.toml."""
    return path.with_suffix(".compiled.json")


def _compiled_form(path: Path, source: bytes) -> dict | None:
    import hashlib
    import json

    try:
        compiled = json.loads(compiled_path(path).read_bytes())
    except (OSError, ValueError):
        return None
    fresh = compiled.get("source_sha256") == hashlib.sha256(source).hexdigest()
    return compiled if fresh else None


def write_compiled(path: Path = RULES_FILE) -> Path:
    """Write the compiled form of the TOML beside it; run after editing the phrase lists:
    ``python -m budget.domain.collection`` (a test says when it is out of date)."""
    import hashlib
    import json
    import tomllib

    source = path.read_bytes()
    compiled = {"source_sha256": hashlib.sha256(source).hexdigest(),
                **compile_rules(tomllib.loads(source.decode()))}
    target = compiled_path(path)
    target.write_text(json.dumps(compiled, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                      encoding="utf-8")
    return target


def normalise(text: str, traditional: dict[int, str]) -> tuple[str, list[int]]:
    """The text as the phrase lists see it, and for each of its characters the index of the
    character of `text` it came from (so evidence quotes the words as they were written)."""
    chars: list[tuple[str, int]] = []
    folds: dict[str, str] = {}  # a message repeats its characters: fold each once
    for index, char in enumerate(text):
        folded = folds.get(char)
        if folded is None:
            folded = folds[char] = "" if char in _INVISIBLE else unicodedata.normalize(
                "NFKC", char).casefold().translate(traditional)
        if len(folded) == 1:
            chars.append((folded, index))
        else:
            chars.extend((part, index) for part in folded)
    kept: list[tuple[str, int]] = []
    position = 0
    while position < len(chars):
        char, index = chars[position]
        if char in _DODGE or char.isspace():
            end = position
            while end < len(chars) and (chars[end][0] in _DODGE or chars[end][0].isspace()):
                end += 1
            before = kept[-1][0] if kept else ""
            after = chars[end][0] if end < len(chars) else ""
            if not (_is_han(before) and _is_han(after)):
                # Outside Chinese text separators stay, spaces collapsed: English needs them.
                for part, part_index in chars[position:end]:
                    part = " " if part.isspace() else part
                    if not (part == " " and kept and kept[-1][0] == " "):
                        kept.append((part, part_index))
            position = end
            continue
        kept.append((char, index))
        position += 1
    return "".join(char for char, _index in kept), [index for _char, index in kept]


def _is_han(char: str) -> bool:
    return bool(char) and ("\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf")


def _negated(normal: str, start: int, book: Phrasebook) -> bool:
    """Whether a negation word comes before `start` in the same clause (a warning or a
    promise such as "请勿向个人账户转账" is not a demand)."""
    chinese, english = book.negation_window
    before = normal[max(0, start - max(chinese, english)):start]
    clause = before[max(before.rfind(mark) for mark in _CLAUSE_END) + 1:]
    return any(word in clause[-(english if word.isascii() else chinese):]
               for word in book.negation)


def _matches(normal: str, phrases: PhraseList, book: Phrasebook | None = None,
             seen: dict | None = None) -> list[tuple[int, int]]:
    """Where `phrases` match in the normalised text; with `book`, not in a negated clause.
    `seen`: one dict per text, shared by every list (PhraseList.spans)."""
    return [(start, end) for start, end in phrases.spans(normal, seen)
            if book is None or not _negated(normal, start, book)]


def _sentences(normal: str) -> list[int]:
    """For each character of the normalised text, the number of the sentence it is in."""
    numbers, sentence = [], 0
    for position, char in enumerate(normal):
        numbers.append(sentence)
        # A full stop ends an English sentence only before a space or the end: 577.50 stays.
        if char in _SENTENCE_END or (char == "." and normal[position + 1:position + 2] in ("",
                                                                                          " ")):
            sentence += 1
    return numbers


def _quote(text: str, origin: list[int], spans: list[tuple[int, int]]) -> str:
    """Up to three distinct matched phrases, quoted as the original text wrote them."""
    quoted: list[str] = []
    for start, end in spans:
        words = text[origin[start]:origin[end - 1] + 1].strip()
        if words and words not in quoted:
            quoted.append(words)
        if len(quoted) == MAX_EVIDENCE_PARTS:
            break
    return " … ".join(quoted)


def normalise_number(number: str) -> str:
    """Digits of a phone number without +86 / 0086 and without a landline's trunk 0.

    ``+86 138 0013 8000`` -> ``13800138000``; ``0755-8376 5432`` -> ``75583765432``;
    a sender name such as ``WeBank`` -> ``webank``.
    """
    raw = unicodedata.normalize("NFKC", number or "").strip()
    digits = "".join(char for char in raw if char.isdigit())
    if not digits:
        return raw.casefold()
    if raw.startswith("+86") or digits.startswith("0086"):
        digits = digits[2:] if raw.startswith("+") else digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if digits.startswith("0") and len(digits) >= 10:
        digits = digits[1:]
    return digits


def official_sender(sender: str | None, numbers: list[str] | tuple[str, ...]) -> bool | None:
    """Whether `sender` is one of the lender's official numbers; None when either is unknown.

    Service SMS often arrive through a 106 gateway number ending in the service code
    (e.g. 1069…95384), so such a number counts when it ends with an official one.
    """
    if not (sender or "").strip():
        return None
    known = [normalise_number(number) for number in numbers if normalise_number(number)]
    if not known:
        return None
    wanted = normalise_number(sender)
    return any(wanted == number or (wanted.startswith("106") and len(number) >= 5
                                    and wanted.endswith(number)) for number in known)


def check_message(text: str, *, sender: str | None = None, official_numbers=(),
                  lender: str = "", at: datetime | None = None,
                  day: DayCounts | None = None, book: Phrasebook | None = None) -> CheckResult:
    """Check one message or call against the collection rules of domain.md §3.

    `official_numbers` are the loan's and the lender's numbers the user stored; `at` (the
    time of contact) gives OFF_HOURS; `day` (that day's calls, this one included) gives
    EXCESS_FREQUENCY. Pure: nothing is read from the clock or the database.
    """
    book = book or phrasebook()
    normal, origin = normalise(text or "", book.traditional)
    findings = []
    if at is not None and off_hours(at.time()):
        findings.append(Finding("OFF_HOURS", _("contact at {time}").format(
            time=at.strftime("%H:%M")), rule_for("OFF_HOURS")))
    if day is not None and excessive(day.answered_calls, day.unanswered_calls):
        findings.append(Finding("EXCESS_FREQUENCY", _(
            "{answered} answered and {unanswered} unanswered calls on {day}").format(
            answered=day.answered_calls, unanswered=day.unanswered_calls,
            day=day.day.isoformat()), rule_for("EXCESS_FREQUENCY")))
    flagged: set[int] = set()  # positions of the words that break a rule
    seen: dict = {}
    for tag in TAGS:
        pattern = book.tags.get(tag)
        spans = _matches(normal, pattern, book, seen) if pattern is not None else []
        if spans:
            findings.append(Finding(tag, _quote(text, origin, spans), rule_for(tag)))
            flagged.update(position for start, end in spans for position in range(start, end))
    lawful = tuple(Lawful(kind, words, _lawful_why(kind)) for kind in LAWFUL_KINDS
                   if kind in book.lawful
                   and (words := _quote(text, origin, _lawful_spans(
                       normal, book.lawful[kind], flagged, seen))))
    official = official_sender(sender, official_numbers)
    asks = bool(book.asks_for_money.spans(normal, seen))
    advice = advise(findings, lawful, official=official, sender=sender,
                    numbers=tuple(official_numbers), lender=lender, asks_for_money=asks)
    return CheckResult(official, tuple(findings), lawful, advice)


def _lawful_spans(normal: str, phrases: PhraseList, flagged: set[int],
                  seen: dict) -> list[tuple[int, int]]:
    """Where a lawful kind matches, but only in sentences that break no rule: "逾期需额外支付
    催收服务费300元" names a sum due, yet it is a demand for a fee, not a due reminder."""
    spans = _matches(normal, phrases, seen=seen)
    if not flagged or not spans:
        return spans
    sentence = _sentences(normal)
    tainted = {sentence[position] for position in flagged}
    return [(start, end) for start, end in spans if sentence[start] not in tainted
            and sentence[end - 1] not in tainted]


def _lawful_why(kind: str) -> str:
    return {
        "due_reminder": _("A reminder of the amount and date due, or of the days overdue, is "
                          "what a lender may send."),
        "penalty": _("The penalty interest in your contract may be stated; check the figure "
                     "in the lender's app."),
        "official_channel": _("Repaying through the lender's own app or official channel is "
                              "the safe way to pay."),
        "credit_report": _("A lender must tell you before it reports an overdue debt to the "
                           "credit reference system ({regulation} art. 15): this notice is "
                           "lawful.").format(regulation=CREDIT_REGULATION),
        "lawsuit": _("A lender may sue through a court, and may say so. A real case is served "
                     "by the court; the court service hotline 12368 can confirm one."),
    }[kind]


def advise(findings, lawful, *, official: bool | None, sender: str | None,
           numbers: tuple[str, ...], lender: str, asks_for_money: bool) -> tuple[str, ...]:
    """What to do next, calmly, in the order it should be done."""
    tags = {finding.tag for finding in findings}
    where = ", ".join(numbers) if numbers else _("the number in the lender's app")
    who = lender or _("the lender")
    advice: list[str] = []
    if official is False and asks_for_money:
        advice.append(_("This did not come from {lender}'s official number: check with {where} "
                        "before you pay anything.").format(lender=who, where=where))
    if tags:
        advice.append(_("Stay calm: these words break the collection rules. They are not a "
                        "reason to pay anyone in a hurry."))
        advice.append(_("Keep it: take a screenshot or keep the recording, and log it with "
                        "`budget evidence add` (or n on the loan's Evidence screen)."))
    if tags & {"IMPERSONATION", "DECEPTION"}:
        advice.append(_("Real court papers come from the court, not from a collector's "
                        "message. Call 12368, the court service hotline, to check whether any "
                        "case exists."))
    if "EXTRA_FEES" in tags:
        advice.append(_("Do not pay a fee or into a personal account named here; pay only "
                        "through the lender's app or official channel."))
    if tags & {"THIRD_PARTY_CONTACT", "DEBT_DISCLOSURE", "PERSONAL_DATA"}:
        advice.append(_("Tell the lender in writing that its collectors must not contact your "
                        "family, employer or contacts (Civil Code arts. 1032 and 1033)."))
    if "NEW_BORROWING" in tags:
        advice.append(_("Do not take a new loan to repay this one; ask the lender about an "
                        "instalment plan or an extension instead."))
    if tags & {"THREAT", "VIOLENCE"}:
        advice.append(_("If you are threatened with violence or feel unsafe, call 110."))
    if tags:
        advice.append(_("Complain to {lender}'s customer service first ({where}); if it goes "
                        "on, to 12378 (financial regulator), 12321 (harassing calls and "
                        "messages), and 110 for threats or violence. Public legal aid: "
                        "12348.").format(lender=who, where=where))
    elif lawful:
        advice.append(_("This reads like an ordinary reminder. Check the amount in the "
                        "lender's app; if you cannot pay in full, call {where} and ask about "
                        "an instalment plan or an extension.").format(where=where))
    else:
        advice.append(_("Nothing here breaks the collection rules budget knows. If the sender "
                        "will not say who they are, check with {where}.").format(where=where))
    if official is None and (sender or "").strip():
        advice.append(_("No official number is stored for this lender: add one with `budget "
                        "evidence number add` so budget can tell whether messages come from "
                        "it."))
    return tuple(advice)


if __name__ == "__main__":
    print(write_compiled())
