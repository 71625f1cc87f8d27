"""Exports for other tools: plain CSV and JSON, hledger journals, beancount ledgers."""
