"""Control characters: refused at input, cleaned on output, escaped in messages and JSON."""

import json

import pytest

from budget.domain.text import (
    PLAIN_LINE,
    REPLACEMENT,
    TextError,
    check_block,
    check_line,
    clean_block,
    clean_line,
    control_characters,
    json_safe,
    visible,
)

# What a hostile payee or an import can carry: a terminal title (OSC), a screen clear (CSI),
# an 8-bit CSI, a hyperlink, a bell, a backspace, DEL, NUL, a fake second row, a Unicode
# line separator.
CORPUS = [
    "\x1b]0;PWNED\x07", "\x1b[2J\x1b[H", "\x9b31mred", "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\",
    "bell\x07", "back\x08space", "del\x7f", "nul\x00", "row\n#99 2026-11-30 Food -1.00",
    "cr\rover", "line\u2028sep", "\x1bc", "\x1b", "\x1b[", "\x9d0;x\x9c", "\x90dcs\x1b\\",
]
FORBIDDEN = {chr(code) for code in [*range(0, 9), *range(10, 32), *range(0x7f, 0xa0)]} | {
    "\u2028", "\u2029"}


@pytest.mark.parametrize("text", CORPUS)
def test_every_control_character_is_refused_in_a_one_line_field(text):
    with pytest.raises(TextError) as caught:
        check_line(f"Lunch {text}", "payee")
    assert caught.value.field == "payee"
    assert "not accepted here" in str(caught.value)


def test_the_refusal_names_the_character():
    with pytest.raises(TextError, match=r"a control character \(ESCAPE, U\+001B\) is not "
                                        "accepted here: type plain text"):
        check_line("\x1b]0;X\x07", "payee")
    with pytest.raises(TextError, match="a line break is not accepted here: type one line"):
        check_line("a\nb", "note")


def test_plain_text_chinese_and_brackets_pass():
    for text in ["兰州拉面", "[/] [red]x", "¥45.50 · 微粒贷", ""]:
        assert check_line(text, "payee") == text


def test_a_tab_becomes_a_space_at_input_and_on_output():
    assert check_line("Rent\tJune", "payee") == "Rent June"
    assert check_block("one\ttwo\nthree", "note") == "one two\nthree"
    assert clean_line("Rent\tJune") == "Rent June"
    assert clean_block("a\tb\nc") == "a b\nc"


@pytest.mark.parametrize("char", ["\u202e", "\u202d", "\u200e", "\u200f", "\u2066",
                                  "\u2067", "\u2068", "\u2069", "\u061c"])
def test_a_bidi_control_is_refused_at_input_and_dropped_on_output(char):
    with pytest.raises(TextError, match=f"U\\+{ord(char):04X}"):
        check_line(f"微粒贷 {char}00.001", "payee")
    assert clean_line(f"Rent {char}100.00") == "Rent 100.00"
    assert clean_block(f"one{char}\ntwo") == "one\ntwo"


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",
                                  "\u00ad"])
def test_an_invisible_character_is_refused_so_no_name_looks_like_another(char):
    with pytest.raises(TextError, match=f"U\\+{ord(char):04X}"):
        check_line(f"Ca{char}sh", "name")
    assert clean_line(f"Ca{char}sh") == "Ca\ufffdsh"


def test_the_override_is_named_as_people_know_it():
    with pytest.raises(TextError, match=r"a control character \(RIGHT-TO-LEFT OVERRIDE, "
                                        r"U\+202E\) is not accepted here"):
        check_line("pay\u202e00.001", "payee")


def test_a_block_keeps_its_lines_but_nothing_else():
    assert check_block("first\r\nsecond", "note") == "first\nsecond"
    with pytest.raises(TextError):
        check_block("first\n\x1b[2Jsecond", "note")


@pytest.mark.parametrize("text", CORPUS)
def test_cleaning_leaves_nothing_a_terminal_would_act_on(text):
    assert not FORBIDDEN & set(clean_line(text))
    assert not (FORBIDDEN - {"\n"}) & set(clean_block(text))
    assert "\n" not in clean_line(text)


def test_cleaning_drops_whole_sequences_and_marks_lone_controls():
    assert clean_line("A\x1b]0;PWNED\x07B") == "AB"
    assert clean_line("a\x1b[2Jb") == "ab"
    assert clean_line("row\n#99 fake") == "row #99 fake"
    assert clean_line("del\x7f") == "del" + REPLACEMENT
    assert clean_block("one\ntwo\x07") == "one\ntwo" + REPLACEMENT
    assert clean_line("兰州拉面 [/]") == "兰州拉面 [/]"


def test_messages_show_what_was_typed_escaped():
    assert visible("'1\x1b[2J' is not an amount") == "'1\\x1b[2J' is not an amount"
    assert visible("two\nlines\x9b") == "two\nlines\\x9b"


def test_json_escapes_c1_and_stays_valid():
    encoded = json_safe(json.dumps({"payee": "a\x9b31m\x7f\u2028b"}, ensure_ascii=False))
    assert not FORBIDDEN & set(encoded)
    assert json.loads(encoded) == {"payee": "a\x9b31m\x7f\u2028b"}


def test_the_input_pattern_accepts_exactly_plain_lines():
    import re

    assert re.fullmatch(PLAIN_LINE, "Lunch 兰州 [x]\t12")
    for text in CORPUS:
        assert not re.fullmatch(PLAIN_LINE, text)


def test_control_characters_lists_them_in_order():
    assert control_characters("a\x1bb\nc") == ["\x1b", "\n"]
    assert control_characters("a\nb", multiline=True) == []
