"""Lender contacts: all their SQL."""

from __future__ import annotations

from datetime import date, datetime

from budget.domain.contacts import LenderContact
from budget.storage.ledger import Ledger

_COLUMNS = "id, loan_id, at, channel, who, note, promised, next_date"


class ContactBook:
    """Reads and writes the record of contacts with lenders; writes share the Ledger's lock."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    def add(self, contact: LenderContact, now: datetime | None = None) -> LenderContact:
        created = (now or datetime.now()).isoformat(timespec="seconds")
        with self.ledger.atomic() as conn:
            contact_id = conn.execute(
                "INSERT INTO lender_contacts (loan_id, at, channel, who, note, promised, "
                "next_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [contact.loan_id, contact.at.isoformat(timespec="minutes"), str(contact.channel),
                 contact.who, contact.note, contact.promised,
                 contact.next_date.isoformat() if contact.next_date else None,
                 created]).lastrowid
        return self.contacts(contact.loan_id, contact_id=contact_id)[0]

    def contacts(self, loan_id: int | None = None, *,
                 contact_id: int | None = None) -> list[LenderContact]:
        """A loan's contacts (every loan's without `loan_id`), oldest first."""
        clauses, params = [], []
        if loan_id is not None:
            clauses.append("loan_id = ?")
            params.append(loan_id)
        if contact_id is not None:
            clauses.append("id = ?")
            params.append(contact_id)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return [_contact(row) for row in self.ledger._query(
            f"SELECT {_COLUMNS} FROM lender_contacts {where} ORDER BY at, id", params)]


def _contact(row: tuple) -> LenderContact:
    contact_id, loan_id, at, channel, who, note, promised, next_date = row
    return LenderContact(loan_id=loan_id, at=datetime.fromisoformat(at), channel=channel,
                         note=note, who=who, promised=promised,
                         next_date=date.fromisoformat(next_date) if next_date else None,
                         id=contact_id)
