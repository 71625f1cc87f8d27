"""Screens: each asks services for data in thread workers and lays out widgets."""
