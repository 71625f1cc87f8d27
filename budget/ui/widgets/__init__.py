"""Reusable widgets: they render values they are given and hold no business rules."""
