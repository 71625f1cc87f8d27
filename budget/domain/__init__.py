"""Pure domain logic: money, dates, schedules, reminders. No I/O, no clock, no UI."""
