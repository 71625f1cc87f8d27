"""Use cases that combine storage and domain; the UI and the CLI call these, never SQL."""
