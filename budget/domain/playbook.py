"""The overdue playbook: where the borrower stands, what to say, what to ask for, calmly.

Figures come from the loan engine; the rules quoted are those of domain.md §2 (credit
reports, 征信业管理条例) and §3 (what debt collection may and may not do).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from budget.domain.money import format_amount
from budget.domain.repayment import SETTLED, LoanState, Status
from budget.domain.restructure import Option, OptionKind
from budget.domain.words import installments_text
from budget.i18n import N_, _, ngettext


@dataclass(frozen=True)
class Standing:
    """Where an overdue (or in-grace) loan stands on `as_of`, in minor units and days.

    `due_now` makes the loan current today; `installments` is how many are due;
    `days_overdue` counts from the oldest due date; `penalty` and `late_interest` are unpaid
    so far; `per_day` is what one more day adds; `grace_ends` the last day without penalty
    or credit record while still in grace (None once grace is missed).
    """

    as_of: date
    due_now: int
    installments: int
    days_overdue: int
    penalty: int
    late_interest: int
    per_day: int
    grace_ends: date | None
    outstanding: int
    currency: str = "CNY"

    @property
    def late(self) -> bool:
        """Something is due and unpaid (due today, in grace or overdue)."""
        return self.installments > 0

    @property
    def past_grace(self) -> bool:
        return self.late and self.grace_ends is None


def standing_of(state: LoanState, grace_days: int, currency: str = "CNY") -> Standing:
    """The loan's standing from its replayed state."""
    due = [row for row in state.installments
           if row.status not in SETTLED and row.due_date <= state.as_of]
    oldest = min((row.due_date for row in due), default=state.as_of)
    in_grace = bool(due) and all(row.status in (Status.IN_GRACE, Status.DUE_TODAY)
                                 for row in due)
    return Standing(
        as_of=state.as_of, due_now=state.due_now, installments=len(due),
        days_overdue=(state.as_of - oldest).days,
        penalty=sum(row.penalty - row.paid_penalty for row in due),
        late_interest=sum(row.late_interest_unpaid for row in due),
        per_day=sum(row.next_day_cost for row in due),
        grace_ends=oldest + timedelta(days=grace_days) if in_grace else None,
        outstanding=state.outstanding_principal, currency=currency)


def _money(minor: int, currency: str = "CNY") -> str:
    return format_amount(minor, currency, symbol=True)


def _days(count: int) -> str:
    from budget.domain.words import days_text

    return days_text(count)


def standing_lines(standing: Standing) -> list[str]:
    """"Where you stand", in plain sentences with the user's own figures."""
    money = lambda minor: _money(minor, standing.currency)  # noqa: E731
    if not standing.late:
        return [_("Nothing is overdue: the next installment is not due yet. Outstanding "
                  "principal {outstanding}.").format(outstanding=money(standing.outstanding))]
    lines = [ngettext("{amount} is due now on {count} installment; it is {days} past its due "
                      "date.",
                      "{amount} is due now on {count} installments; the oldest is {days} past "
                      "its due date.", standing.installments).format(
        amount=money(standing.due_now), count=standing.installments,
        days=_days(standing.days_overdue))]
    if standing.grace_ends is not None:
        lines.append(_("You are in the grace period: paying {amount} by the end of {day} costs "
                       "no penalty and leaves no credit record.").format(
            amount=money(standing.due_now), day=standing.grace_ends.isoformat()))
        return lines
    lines.append(_("So far: penalty {penalty}, late interest {late}. Each further day adds "
                   "about {per_day}.").format(penalty=money(standing.penalty),
                                              late=money(standing.late_interest),
                                              per_day=money(standing.per_day)))
    lines.append(_("Paying {amount} today makes the loan current again.").format(
        amount=money(standing.due_now)))
    lines.extend(translated(CREDIT_REPORT))
    return lines


CREDIT_REPORT = (
    N_("Past the grace period the lender may report the overdue to the credit reference "
       "system, and must tell you before it does (征信业管理条例 art. 15)."),
    N_("A negative record stays for 5 years after the overdue is settled (art. 16): settling "
       "sooner starts that clock sooner."),
    N_("You can get two free credit reports a year (art. 17) and dispute a wrong record; the "
       "answer must come within 20 days (art. 25)."),
)

CALM = (
    N_("Breathe: an overdue loan is a problem with a solution, and lenders expect to agree "
       "plans."),
    N_("Do not promise an amount or a date you cannot keep."),
    N_("Do not say you will not pay; say what you can pay and when."),
    N_("Write down every contact: when, who, what was said and promised (k in the app "
       "records one)."),
    N_("Pay only through the lender's official app or account, never to a personal account."),
)

IMPROPER = (
    N_("Contacting your family, friends, employer or address book, or revealing the debt to "
       "them"),
    N_("Threats, insults, intimidation or violence"),
    N_("Pretending to be police, a court or the government, or sending fake legal papers"),
    N_("Calls or visits between 22:00 and 08:00 without your consent"),
    N_("More than 3 answered calls, or 6 unanswered attempts, in a day"),
    N_("Fees not in your contract, or payment demanded to a personal account"),
    N_("Pushing you to borrow elsewhere to repay"),
)
"""What collection may not do (domain.md §3: CBA 催收工作指引 2024; 互联网金融 贷后催收风控指引
2025; NIFA 自律公约 2018; Civil Code arts. 1024, 1032, 1033)."""

LAWFUL = N_("A reminder of the amount and date due, the overdue days and the contractual "
            "penalty, how to repay through official channels, that the overdue may be "
            "reported to the credit system, or that the lender may sue: these are lawful.")

REASONS = {
    "income-late": N_("my income came late this month"),
    "job-loss": N_("I lost my job and am looking for work"),
    "illness": N_("I was ill and could not work"),
    "emergency": N_("an emergency took the money I had set aside"),
    "forgot": N_("I missed the date by mistake"),
}

OPTION_NAMES = {
    OptionKind.PAY_NOW: N_("Pay what is due now"),
    OptionKind.WAIVER: N_("Ask to waive the penalty (减免)"),
    OptionKind.EXTENSION: N_("Extension (展期)"),
    OptionKind.INSTALLMENTS: N_("Installments (分期)"),
    OptionKind.INTEREST_STOPPED: N_("Interest stopped, installments (停息分期)"),
}


def option_name(option: Option, standing: Standing, short: bool = False) -> str:
    """The option's name; paying now is "keep to the plan" when nothing is late."""
    if option.kind is OptionKind.PAY_NOW and not standing.late:
        return _("Keep to the plan")
    return _((OPTION_SHORT if short else OPTION_NAMES)[option.kind])


OPTION_SHORT = {
    OptionKind.PAY_NOW: N_("Pay now"),
    OptionKind.WAIVER: N_("Waiver 减免"),
    OptionKind.EXTENSION: N_("Extension 展期"),
    OptionKind.INSTALLMENTS: N_("Installments 分期"),
    OptionKind.INTEREST_STOPPED: N_("停息分期"),
}
"""The options' names where a table has little room."""

NEXT = (
    N_("Open the monthly review (v): it shows where the money went and what to change."),
    N_("Build the emergency reserve (f), even a small starter one, so one surprise bill does "
       "not become an overdue loan again."),
)


def translated(lines) -> list[str]:
    """Lines declared with N_ (CALM, IMPROPER, NEXT, CREDIT_REPORT ...) in the active
    language."""
    return [_(line) for line in lines]


def reason_text(reason: str) -> str:
    """What happened, in words, for a reason key of REASONS ("job-loss"); other text as is."""
    return _(REASONS[reason]) if reason in REASONS else reason


def option_line(option: Option, currency: str = "CNY", as_of: date | None = None) -> str:
    """One option in a sentence: the payments, the total, the extra cost, the APR, the fit."""
    money = lambda minor: _money(minor, currency)  # noqa: E731
    if option.extra_cost > 0:
        cost = _("{amount} more than paying today").format(amount=money(option.extra_cost))
    elif option.extra_cost < 0:
        cost = _("{amount} less than paying today").format(amount=money(-option.extra_cost))
    else:
        cost = _("the cheapest way")
    parts = [_plan_words(option, money, as_of),
             _("{total} in all, {cost}").format(total=money(option.total), cost=cost)]
    if option.apr is not None and option.apr > 0:
        parts.append(_("true annual cost {apr}%").format(apr=f"{option.apr * 100:.2f}"))
    elif option.apr is not None:
        parts.append(_("no interest"))
    if option.fits is True:
        parts.append(_("fits your monthly surplus"))
    elif option.fits is False:
        parts.append(_("more than your monthly surplus: ask for longer"))
    return _("; ").join(parts)


def _plan_words(option: Option, money, as_of: date | None) -> str:
    """"¥555.00 now, then ¥545.00 a month as planned", "7 installments from 2027-03-30:
    first ¥724.74, then from ¥554.67 a month falling to ¥515.99"."""
    if option.kind in (OptionKind.PAY_NOW, OptionKind.WAIVER):
        if as_of is not None and option.first_due > as_of:
            return _("nothing is due now; {first} on {day}, then as planned").format(
                first=money(option.first_payment), day=option.first_due.isoformat())
        return _("{first} now, then {monthly} a month as planned").format(
            first=money(option.first_payment), monthly=money(option.monthly))
    monthly, last = option.monthly, option.last_payment
    if monthly == last:
        amounts = _("{monthly} a month").format(monthly=money(monthly))
    elif abs(monthly - last) <= 100:
        amounts = _("{monthly} a month (the last {last})").format(monthly=money(monthly),
                                                                   last=money(last))
    else:
        amounts = _("from {monthly} a month, changing to {last} by the last").format(
            monthly=money(monthly), last=money(last))
    if option.first_payment != monthly:
        amounts = _("first {first}, then {amounts}").format(
            first=money(option.first_payment), amounts=amounts)
    return _("{installments} from {day}: {amounts}").format(
        installments=installments_text(option.periods), day=option.first_due.isoformat(),
        amounts=amounts)


def script(loan: str, lender: str, standing: Standing, reason: str, can_pay: int,
           option: Option | None) -> list[str]:
    """A short script for the call, in the user's own figures."""
    money = lambda minor: _money(minor, standing.currency)  # noqa: E731
    lines = [
        (_("Hello, I am calling about my {loan} loan with {lender}.") if lender else
         _("Hello, I am calling about my {loan} loan.")).format(loan=loan, lender=lender),
        _("I am {amount} behind because {reason}.").format(
            amount=money(standing.due_now), reason=reason_text(reason)),
        _("I want to pay it back. Today I can pay {amount}.").format(amount=money(can_pay)),
    ]
    if option is not None and option.kind is not OptionKind.PAY_NOW:
        lines.append(_("Could we agree: {name}, {plan}?").format(
            name=_(OPTION_NAMES[option.kind]),
            plan=_("{monthly} a month from {day}").format(
                monthly=money(option.monthly), day=option.first_due.isoformat())))
    lines.append(_("Please confirm it in writing or in the app, and tell me your name or "
                   "staff number."))
    return lines
