"""All SQL of imports: batches, imported-row keys, rules, method mappings, column maps."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from budget.domain.imports.categories import Rule
from budget.domain.imports.match import Candidate
from budget.domain.imports.plan import Booking, ImportPlan, Outcome, PlannedRow
from budget.i18n import _
from budget.storage.ledger import Ledger, LedgerError

WALLET_SOURCES = ("alipay", "wechat")


@dataclass(frozen=True)
class Batch:
    """One imported file: what it added, and whether it was undone."""

    id: int
    source: str
    file_name: str
    account: str | None
    added: int
    duplicates: int
    skipped: int
    imported_at: str
    undone_at: str | None


class ImportBook:
    """Reads and writes everything imports remember; writes share the Ledger's transactions."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    # -- what budget remembers between imports ---------------------------------------

    def methods(self) -> dict[str, int]:
        """Paying method (normalised, e.g. 招商银行(1234)) -> account id."""
        return dict(self.ledger._query("SELECT method, account_id FROM import_methods"))

    def set_method(self, method: str, account_id: int) -> None:
        """Remember that rows paid with `method` (normalised) belong to `account_id`."""
        with self.ledger.atomic() as conn:
            conn.execute("INSERT OR REPLACE INTO import_methods (method, account_id) "
                         "VALUES (?, ?)", [method, account_id])

    def rules(self) -> list[Rule]:
        """The user's category rules and those learned from corrections, oldest first."""
        return [Rule(pattern, category_id, bool(learned)) for pattern, category_id, learned
                in self.ledger._query("SELECT pattern, category_id, learned FROM import_rules "
                                      "ORDER BY id")]

    def add_rule(self, pattern: str, category_id: int, *, learned: bool = False,
                 now: datetime | None = None) -> None:
        """`payee contains pattern -> category`; a rule for the same pattern is replaced."""
        created = (now or datetime.now()).isoformat(timespec="seconds")
        with self.ledger.atomic() as conn:
            conn.execute("DELETE FROM import_rules WHERE pattern = ?", [pattern.strip()])
            conn.execute("INSERT INTO import_rules (pattern, category_id, learned, created_at) "
                         "VALUES (?, ?, ?, ?)", [pattern.strip(), category_id, int(learned),
                                                 created])

    def maps(self) -> dict[str, dict]:
        """Saved column mappings: name -> the ColumnMap fields as a dict."""
        return {name: json.loads(spec) for name, spec in
                self.ledger._query("SELECT name, spec FROM import_maps ORDER BY name")}

    def save_map(self, name: str, spec: dict) -> None:
        """Store (or replace) the column mapping `name`."""
        with self.ledger.atomic() as conn:
            conn.execute("INSERT OR REPLACE INTO import_maps (name, spec) VALUES (?, ?)",
                         [name.strip(), json.dumps(spec, ensure_ascii=False)])

    def known_keys(self, source: str) -> set[str]:
        """Every key already imported from `source` (undone batches forget theirs)."""
        return {row[0] for row in self.ledger._query(
            "SELECT source_key FROM import_rows WHERE source = ?", [source])}

    def refund_categories(self, payees: Iterable[str]) -> dict[str, int]:
        """Payee -> category of its latest expense (refunds whose purchase is not in the file).

        One pass over the ledger whatever the number of payees: payee has no index.
        """
        wanted = sorted(set(payees))
        if not wanted:
            return {}
        found: dict[str, int] = {}
        for payee, category_id in self.ledger._query(
                "SELECT payee, category_id FROM transactions WHERE payee IN (SELECT value "
                "FROM json_each(?)) AND amount < 0 AND category_id IS NOT NULL "
                "ORDER BY date DESC, id DESC", [json.dumps(wanted, ensure_ascii=False)]):
            found.setdefault(payee, category_id)
        return found

    def candidates(self, account_ids: Iterable[int], start: date, end: date, *,
                   wallet_rows: bool, cards: Iterable[str] = ()) -> list[Candidate]:
        """Rows an earlier import created and nothing matched yet, for the card-payment match.

        `wallet_rows` asks for rows from Alipay/WeChat imports (when a bank statement comes
        in), else rows from bank statements (when a wallet export comes in). Rows paid
        with one of `cards` come too, whatever account they were booked to.
        """
        accounts = sorted(set(account_ids))
        card_list = sorted(set(cards)) or [""]
        if not accounts:
            return []
        marks = ", ".join("?" for _ in accounts)
        card_marks = ", ".join("?" for _ in card_list)
        wallets = ", ".join(f"'{source}'" for source in WALLET_SOURCES)
        rows = self.ledger._query(
            "SELECT t.id, t.account_id, t.date, t.amount, r.card FROM import_rows r "
            "JOIN import_batches b ON b.id = r.batch_id "
            "JOIN transactions t ON t.id = r.transaction_id "
            f"WHERE r.role = 'created' AND b.source {'' if wallet_rows else 'NOT'} IN "
            f"({wallets}) AND (t.account_id IN ({marks}) OR (r.card IN ({card_marks}) "
            "AND r.card != '')) AND t.date BETWEEN ? AND ? "
            "AND NOT EXISTS (SELECT 1 FROM import_rows m WHERE m.transaction_id = t.id "
            "AND m.role != 'created')",
            [*accounts, *card_list, start.isoformat(), end.isoformat()])
        return [Candidate(row[0], row[1], date.fromisoformat(row[2]), row[3], row[4])
                for row in rows]

    # -- writing a batch -------------------------------------------------------------

    def write(self, plan: ImportPlan, *, file_name: str, file_sha256: str,
              now: datetime | None = None,
              progress: Callable[[int], None] | None = None) -> int:
        """Write every new and matched row of `plan` in one transaction; return the batch id."""
        created = (now or datetime.now()).isoformat(timespec="seconds")
        statement = plan.statement
        counts = plan.counts()
        takeover = statement.wallet
        with self.ledger.atomic() as conn:
            batch_id = conn.execute(
                "INSERT INTO import_batches (source, file_name, file_sha256, account_id, card, "
                "added, duplicates, skipped, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [statement.source, file_name, file_sha256, plan.account_id, statement.card,
                 counts["new"], counts["duplicates"], counts["skipped"], created]).lastrowid
            writer = _BatchWriter(conn, batch_id, statement.source, created)
            for planned in plan.rows:
                if planned.outcome is Outcome.NEW:
                    writer.add(planned)
                elif planned.outcome is Outcome.MATCHED:
                    writer.match(planned, takeover=takeover)
            writer.flush(progress, len(plan.rows))
        return batch_id

    # -- batches ---------------------------------------------------------------------

    def batches(self) -> list[Batch]:
        """Every import batch, newest first, undone ones included."""
        rows = self.ledger._query(
            "SELECT b.id, b.source, b.file_name, a.name, b.added, b.duplicates, b.skipped, "
            "b.imported_at, b.undone_at FROM import_batches b "
            "LEFT JOIN accounts a ON a.id = b.account_id ORDER BY b.id DESC")
        return [Batch(*row) for row in rows]

    def batch(self, batch_id: int) -> Batch:
        """One batch; LedgerError when there is none with that id."""
        for batch in self.batches():
            if batch.id == batch_id:
                return batch
        raise LedgerError(_("no import batch {batch}: `budget import list` shows them").format(
            batch=batch_id))

    def undo(self, batch_id: int, *, now: datetime | None = None) -> int:
        """Delete what a batch added and put back what it changed; return rows removed.

        Raises LedgerError when the batch was undone already, or a later batch matched its
        rows (that one must be undone first, or its links would point at nothing).
        """
        batch = self.batch(batch_id)
        if batch.undone_at:
            raise LedgerError(_("batch {batch} was undone on {day}").format(
                batch=batch_id, day=batch.undone_at[:10]))
        stamp = (now or datetime.now()).isoformat(timespec="seconds")
        with self.ledger.atomic() as conn:
            later = conn.execute(
                "SELECT min(o.batch_id) FROM import_rows o JOIN import_rows mine "
                "ON mine.transaction_id = o.transaction_id WHERE mine.batch_id = ? "
                "AND o.batch_id != ? AND o.role != 'created'", [batch_id, batch_id]).fetchone()[0]
            if later is not None:
                raise LedgerError(_("batch {later} matched rows of batch {batch}: undo batch "
                                    "{later} first").format(later=later, batch=batch_id))
            for transaction_id, previous in conn.execute(
                    "SELECT transaction_id, previous FROM import_rows WHERE batch_id = ? "
                    "AND role = 'updated' AND transaction_id IS NOT NULL", [batch_id]).fetchall():
                old = json.loads(previous)
                conn.execute("UPDATE transactions SET category_id = ?, payee = ?, note = ?, "
                             "transfer_id = ? WHERE id = ?",
                             [old["category_id"], old["payee"], old["note"],
                              old["transfer_id"], transaction_id])
                if "account_id" in old:  # moved to its card's account: back it goes
                    conn.execute("UPDATE transactions SET account_id = ? WHERE id = ?",
                                 [old["account_id"], transaction_id])
            created = conn.execute(
                "SELECT transaction_id FROM import_rows WHERE batch_id = ? AND role = 'created' "
                "AND transaction_id IS NOT NULL", [batch_id]).fetchall()
            conn.execute("DELETE FROM import_rows WHERE batch_id = ?", [batch_id])
            doomed = conn.execute(
                "SELECT id, amount, account_id, date FROM transactions WHERE id IN (SELECT "
                "value FROM json_each(?))", [json.dumps([row[0] for row in created])]).fetchall()
            with balances_in_bulk(conn, "DELETE", doomed, amount=1, account=2, day=3):
                conn.executemany("DELETE FROM transactions WHERE id = ?",
                                 [(row[0],) for row in doomed])
            conn.execute("UPDATE import_batches SET undone_at = ? WHERE id = ?",
                         [stamp, batch_id])
        return len(created)


class _BatchWriter:
    """Collects the rows of a batch and inserts them with ids chosen up front (fast)."""

    def __init__(self, conn, batch_id: int, source: str, created: str):
        self.conn, self.batch_id, self.source, self.created = conn, batch_id, source, created
        # Inside the IMMEDIATE transaction nobody else writes: these ids stay free.
        self.next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM transactions"
                                    ).fetchone()[0]
        self.next_transfer = conn.execute(
            "SELECT coalesce(max(transfer_id), 0) + 1 FROM transactions").fetchone()[0]
        self.transactions: list[tuple] = []
        self.links: list[tuple] = []

    def _row(self, planned: PlannedRow, account_id: int, amount: int,
             category_id: int | None, transfer_id: int | None) -> int:
        transaction_id, self.next_id = self.next_id, self.next_id + 1
        self.transactions.append((transaction_id, planned.row.on.isoformat(), amount,
                                  account_id, category_id, planned.row.payee, _note(planned),
                                  transfer_id, self.created))
        self.links.append((self.batch_id, self.source, planned.key, transaction_id, "created",
                           planned.card, None))
        return transaction_id

    def _transfer_id(self) -> int:
        transfer_id, self.next_transfer = self.next_transfer, self.next_transfer + 1
        return transfer_id

    def add(self, planned: PlannedRow) -> None:
        if planned.booking is Booking.TRANSFER:
            transfer_id = self._transfer_id()
            for account_id, amount in planned.legs():
                self._row(planned, account_id, amount, None, transfer_id)
        else:
            self._row(planned, planned.account_id, planned.amount, planned.category_id, None)

    def match(self, planned: PlannedRow, *, takeover: bool) -> None:
        if not takeover:
            self._move_to_card_account(planned)
            return
        # A wallet row meets the bank row already booked: the bank row keeps its place and
        # amount, and takes the wallet's payee and category (or becomes a transfer leg).
        category_id, payee, note, transfer_id = self.conn.execute(
            "SELECT category_id, payee, note, transfer_id FROM transactions WHERE id = ?",
            [planned.match]).fetchone()
        previous = json.dumps({"category_id": category_id, "payee": payee, "note": note,
                               "transfer_id": transfer_id})
        if planned.booking is Booking.TRANSFER:
            new_transfer = self._transfer_id()
            self.conn.execute("UPDATE transactions SET category_id = NULL, transfer_id = ?, "
                              "payee = ?, note = ? WHERE id = ?",
                              [new_transfer, planned.row.payee, _note(planned), planned.match])
            other = planned.legs()[1 - planned.match_leg]
            self._row(planned, other[0], other[1], None, new_transfer)
        else:
            self.conn.execute("UPDATE transactions SET category_id = ?, payee = ?, note = ? "
                              "WHERE id = ?", [planned.category_id, planned.row.payee,
                                               _note(planned), planned.match])
        self.links.append((self.batch_id, self.source, planned.key, planned.match, "updated",
                           planned.card, previous))

    def _move_to_card_account(self, planned: PlannedRow) -> None:
        # A wallet row paid by a card no account was known for went to the wallet's account;
        # the card's statement shows where the money really left: the row moves there.
        account_id = planned.legs()[planned.match_leg][0]
        (booked,) = self.conn.execute("SELECT account_id FROM transactions WHERE id = ?",
                                      [planned.match]).fetchone()
        if booked == account_id:
            self.links.append((self.batch_id, self.source, planned.key, planned.match,
                               "matched", planned.card, None))
            return
        category_id, payee, note, transfer_id = self.conn.execute(
            "SELECT category_id, payee, note, transfer_id FROM transactions WHERE id = ?",
            [planned.match]).fetchone()
        previous = json.dumps({"category_id": category_id, "payee": payee, "note": note,
                               "transfer_id": transfer_id, "account_id": booked})
        self.conn.execute("UPDATE transactions SET account_id = ? WHERE id = ?",
                          [account_id, planned.match])
        self.links.append((self.batch_id, self.source, planned.key, planned.match, "updated",
                           planned.card, previous))

    def flush(self, progress: Callable[[int], None] | None, rows: int) -> None:
        """Insert what was collected, in chunks so `progress` (out of `rows`) can move."""
        chunk = 10_000
        with balances_in_bulk(self.conn, "INSERT", self.transactions, amount=2, account=3,
                              day=1):
            for start in range(0, len(self.transactions), chunk):
                self.conn.executemany(
                    "INSERT INTO transactions (id, date, amount, account_id, category_id, "
                    "payee, note, transfer_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    self.transactions[start:start + chunk])
                if progress is not None:
                    done = min(start + chunk, len(self.transactions))
                    progress(rows * done // max(len(self.transactions), 1))
        self.conn.executemany(
            "INSERT INTO import_rows (batch_id, source, source_key, transaction_id, role, card, "
            "previous) VALUES (?, ?, ?, ?, ?, ?, ?)", self.links)


def _note(planned: PlannedRow) -> str:
    row = planned.row
    return " · ".join(part for part in (row.item, row.note) if part and part != row.payee)


# The triggers of m001 that keep accounts.balance, and what each adds per row.
_BALANCE_TRIGGERS = {
    "INSERT": ("transactions_inserted", 1, "CREATE TRIGGER transactions_inserted AFTER INSERT "
               "ON transactions BEGIN UPDATE accounts SET balance = balance + NEW.amount WHERE "
               "id = NEW.account_id; END"),
    "DELETE": ("transactions_deleted", -1, "CREATE TRIGGER transactions_deleted AFTER DELETE "
               "ON transactions BEGIN UPDATE accounts SET balance = balance - OLD.amount WHERE "
               "id = OLD.account_id; END"),
}
# ...and those of m011 that keep account_months.
_MONTH_TRIGGERS = {
    "INSERT": ("account_months_on_insert", 1, "CREATE TRIGGER account_months_on_insert AFTER "
               "INSERT ON transactions BEGIN INSERT INTO account_months (account_id, month, "
               "total) VALUES (NEW.account_id, substr(NEW.date, 1, 7), NEW.amount) ON CONFLICT "
               "(account_id, month) DO UPDATE SET total = total + excluded.total; END"),
    "DELETE": ("account_months_on_delete", -1, "CREATE TRIGGER account_months_on_delete AFTER "
               "DELETE ON transactions BEGIN UPDATE account_months SET total = total - "
               "OLD.amount WHERE account_id = OLD.account_id AND month = substr(OLD.date, 1, 7); "
               "END"),
}


def _known_trigger(conn, name: str, known: str) -> str | None:
    """The stored text of trigger `name` when it is the one this code knows, else None."""
    stored = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                          [name]).fetchone()
    return stored[0] if stored is not None and " ".join(stored[0].split()) == known else None


@contextmanager
def balances_in_bulk(conn, event: str, rows: list[tuple], *, amount: int, account: int,
                     day: int | None = None):
    """Insert or delete many transactions with one balance update per account (and, when
    each row carries its ISO date at index `day`, one account_months update per account
    and month).

    The balance trigger costs more than the row itself (a 100,000-row import spent 2 of its
    3 seconds in it). Inside the caller's transaction the trigger is dropped, the rows
    written, each account's balance moved by the sum, and the trigger created again from
    its own stored text: other connections never see it missing. If the trigger is not the
    one this code knows (a later migration changed it), it is left alone.
    """
    if not conn.in_transaction or len(rows) < 100:
        yield
        return
    name, sign, known = _BALANCE_TRIGGERS[event]
    balance_sql = _known_trigger(conn, name, known)
    month_name, _sign, month_known = _MONTH_TRIGGERS[event]
    month_sql = _known_trigger(conn, month_name, month_known) if day is not None else None
    for stored, trigger in ((balance_sql, name), (month_sql, month_name)):
        if stored is not None:
            conn.execute(f"DROP TRIGGER {trigger}")
    yield
    if balance_sql is not None:
        totals: dict[int, int] = defaultdict(int)
        for row in rows:
            totals[row[account]] += row[amount]
        conn.executemany("UPDATE accounts SET balance = balance + ? WHERE id = ?",
                         [(sign * total, account_id) for account_id, total in totals.items()])
        conn.execute(balance_sql)
    if month_sql is not None:
        months: dict[tuple[int, str], int] = defaultdict(int)
        for row in rows:
            months[row[account], row[day][:7]] += row[amount]
        conn.executemany("INSERT INTO account_months (account_id, month, total) VALUES "
                         "(?, ?, ?) ON CONFLICT (account_id, month) DO UPDATE "
                         "SET total = total + excluded.total",
                         [(account_id, month, sign * total)
                          for (account_id, month), total in months.items()])
        conn.execute(month_sql)
