"""`python -m budget` runs the same command as `budget`."""

from budget.cli import main

main()
