"""Evidence widgets: the message check's result, and calls per day against the limits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from rich.text import Text
from textual.events import Resize
from textual.widgets import Static

from budget.charts import cell_safe_plot
from budget.domain.collection import CheckResult
from budget.domain.collection_rules import (
    MAX_ANSWERED_CALLS,
    MAX_UNANSWERED_CALLS,
    tag_label,
    tag_name,
)
from budget.i18n import _
from budget.ui.widgets.cell_safe_plot import CellSafePlot

ANSWERED_COLOR, UNANSWERED_COLOR, LIMIT_COLOR = "green", "orange", "red"
BAR_OFFSET, BAR_WIDTH = 0.2, 0.35
# Two bars a day need about five columns each; fewer days are shown on a narrow screen.
COLUMNS_PER_DAY = 5
MIN_DAYS, MAX_DAYS = 5, 21


class CheckPanel(Static):
    """Renders a CheckResult: the sender, each finding with its words and rule, what is
    lawful and why, and what to do next. It only renders what it is given."""

    DEFAULT_CSS = """
    CheckPanel {
        height: auto;
        padding: 0 1;
    }
    CheckPanel > .check-panel--finding {
        color: $text-error;
        text-style: bold;
    }
    CheckPanel > .check-panel--lawful {
        color: $text-success;
    }
    CheckPanel > .check-panel--muted {
        color: $text-muted;
    }
    """
    COMPONENT_CLASSES = {"check-panel--finding", "check-panel--lawful", "check-panel--muted"}

    def __init__(self, **kwargs) -> None:
        # The message, the sender and what they said are shown as typed, never as markup.
        super().__init__(markup=False, **kwargs)

    def show(self, result: CheckResult | None, sender: str = "") -> None:
        """Draw `result`; None shows how to use the check."""
        if result is None:
            self.update(_("Paste or type the message: the check runs as you type."))
            return
        finding = self.get_component_rich_style("check-panel--finding")
        lawful = self.get_component_rich_style("check-panel--lawful")
        muted = self.get_component_rich_style("check-panel--muted")
        text = Text()
        if result.official_sender is not None:
            line = (_("From an official number of the lender.") if result.official_sender
                    else _("{sender} is NOT one of the lender's official numbers.").format(
                        sender=sender))
            text.append(line + "\n", style=lawful if result.official_sender else finding)
        for item in result.findings:
            text.append(f"⚠ {tag_name(item.tag)} · {tag_label(item.tag)}\n", style=finding)
            text.append(f"  “{item.evidence}”\n")
            text.append("  " + _("rule: {rule}").format(rule=item.rule) + "\n", style=muted)
        if not result.findings:
            text.append(_("Breaks none of the collection rules budget knows.") + "\n",
                        style=lawful)
        for item in result.lawful:
            text.append(f"✓ “{item.evidence}”\n", style=lawful)
            text.append(f"  {item.why}\n", style=muted)
        text.append(_("What to do:") + "\n")
        for advice in result.advice:
            text.append(f"• {advice}\n")
        text.rstrip()
        self.update(text)


def draw_contacts(plt: Any, days: Sequence[date], answered: Sequence[int],
                  unanswered: Sequence[int]) -> None:
    """Answered and unanswered calls per day as paired bars, with the two daily limits
    drawn as lines: 3 answered (national standard) and 6 unanswered (CBA guideline)."""
    # plotext counts characters, not cells: a Chinese legend pushed the frame out of line.
    plt = cell_safe_plot(plt)
    plt.clear_figure()
    if not days:
        plt.title(_("Calls per day: none recorded yet"))
        plt.xticks([], [])
        plt.yticks([], [])
        return
    positions = list(range(1, len(days) + 1))
    plt.bar([x - BAR_OFFSET for x in positions], list(answered), width=BAR_WIDTH,
            color=ANSWERED_COLOR, label=_("answered"))
    plt.bar([x + BAR_OFFSET for x in positions], list(unanswered), width=BAR_WIDTH,
            marker="▒", color=UNANSWERED_COLOR, label=_("unanswered"))
    plt.hline(MAX_ANSWERED_CALLS, color=LIMIT_COLOR)
    plt.hline(MAX_UNANSWERED_CALLS, color=LIMIT_COLOR)
    # Short: plotext drops a title wider than the chart.
    plt.title(_("limits: {answered} answered · {unanswered} missed").format(
        answered=MAX_ANSWERED_CALLS, unanswered=MAX_UNANSWERED_CALLS))
    step = max(1, -(-len(days) // 7))
    picks = positions[::step]
    plt.xticks(picks, [days[x - 1].strftime("%m-%d") for x in picks])
    # A week's width at least, so one day's bars stay bars and not a wall.
    plt.xlim(0.5, max(len(days), MIN_DAYS) + 0.5)
    top = max([MAX_UNANSWERED_CALLS + 1, *answered, *unanswered])
    plt.ylim(0, top)
    # Ticks on the limits themselves, so each line can be read off the axis.
    ticks = sorted({0, MAX_ANSWERED_CALLS, MAX_UNANSWERED_CALLS, top})
    plt.yticks(ticks)


class ContactsChart(CellSafePlot):
    """Calls per day against the daily limits; shows the last days that fit its width."""

    DEFAULT_CSS = """
    ContactsChart {
        height: 1fr;
        min-height: 8;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.days: tuple[date, ...] = ()
        self.answered: tuple[int, ...] = ()
        self.unanswered: tuple[int, ...] = ()
        """Calls per day as given, oldest first; tests read them."""

    def on_mount(self) -> None:
        self._draw()

    def show(self, per_day: Sequence[tuple[date, int, int, int]]) -> None:
        """Draw (day, answered, unanswered, other contacts) rows; empty draws "none yet"."""
        calls = [row for row in per_day if row[1] or row[2]]
        self.days = tuple(row[0] for row in calls)
        self.answered = tuple(row[1] for row in calls)
        self.unanswered = tuple(row[2] for row in calls)
        self._draw()

    def on_resize(self, _event: Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        fits = min(MAX_DAYS, max(MIN_DAYS, self.size.width // COLUMNS_PER_DAY))
        start = max(0, len(self.days) - fits)
        draw_contacts(self.plt, self.days[start:], self.answered[start:],
                      self.unanswered[start:])
        self.refresh()
