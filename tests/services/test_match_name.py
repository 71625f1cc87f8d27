"""Finding an account, category, loan or bill by name: what a missing name is told."""

from __future__ import annotations

import pytest

from budget.services.ledger import EntryError, match_name


@pytest.mark.parametrize(("what", "sentence"), [
    ("account", "Enter an account"), ("category", "Enter a category"),
    ("loan", "Enter a loan"), ("bill", "Enter a bill"),
    ("reserve account", "Enter a reserve account")])
def test_an_empty_name_asks_for_one_in_plain_english(what, sentence):
    with pytest.raises(EntryError) as refused:
        match_name([], "  ", what, "from")
    assert str(refused.value) == sentence
    assert refused.value.field == "from"
