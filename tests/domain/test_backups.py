"""Automatic backups kept: the last 7 days and one a week for the 4 weeks before."""

from datetime import date, timedelta

from budget.domain.backups import backups_to_keep


def test_a_daily_backup_for_sixty_days_keeps_seven_days_and_four_weeks():
    today = date(2026, 11, 30)  # a Monday
    days = [today - timedelta(days=n) for n in range(60)]
    keep = backups_to_keep(days)
    assert sorted(keep, reverse=True)[:7] == days[:7]
    older = sorted(keep - set(days[:7]), reverse=True)
    # the newest older backup of each of 4 ISO weeks: the rest of last week (Monday the
    # 23rd), then one Sunday a week
    assert older == [date(2026, 11, 23), date(2026, 11, 22), date(2026, 11, 15),
                     date(2026, 11, 8)]
    assert len(keep) == 11


def test_fewer_backups_than_the_limits_are_all_kept():
    days = [date(2026, 11, 1), date(2026, 11, 20)]
    assert backups_to_keep(days) == set(days)
