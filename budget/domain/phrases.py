"""Phrase lists as regular expressions compiled only when a text has the words they need."""

# Compiling every pattern of budget/data/collection_rules.toml costs ~40 ms, most of a shell
# command's budget. A branch is compiled only when the text contains words it cannot match
# without; which words those are is read from the pattern itself, so the data stays plain
# regular expressions.

from __future__ import annotations

import re
from functools import cache

_VOCAB = re.compile(r"(?<!\(\?)<(\w+)>")
_QUANTIFIER = re.compile(r"\?|\*|\+|\{(\d*)(?:,\d*)?\}")
_META = set("\\[](){}.^$|?*+<")
# One token: an escape, a class, a vocabulary reference, a group opening, a closing
# parenthesis, an alternation bar, a quantifier, or a run of literal characters.
_TOKEN = re.compile(r"""\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|<\w+>|\((?:\?(?:[:=!]|<[=!]|P<\w+>))?"""
                    r"""|\)|\||[?*+]|\{\d*(?:,\d*)?\}|[.^$]|[^\\\[\]()<|?*+{}.^$]+|[<{}]""")
Requirement = frozenset[str]


# Plain classes, not dataclasses: creating a dataclass costs ~1 ms at import, and the
# shell's message check imports this module on every run.
class Branch:
    """One top-level alternative of a pattern: its expanded regex and its word gate."""

    __slots__ = ("regex", "needs")

    def __init__(self, regex: str, needs: tuple[Requirement, ...]) -> None:
        self.regex, self.needs = regex, needs

    def may_match(self, text: str, seen: dict[Requirement, bool] | None = None) -> bool:
        """False only when the branch cannot match `text` (a word it needs is missing).
        `seen` remembers, for one text, which word sets were looked for: many branches
        share a vocabulary (<family> is in a dozen)."""
        if seen is None:
            seen = {}
        for words in self.needs:
            found = seen.get(words)
            if found is None:
                found = seen[words] = any(word in text for word in words)
            if not found:
                return False
        return True


class PhraseList:
    """The branches of one tag's (or lawful kind's) patterns."""

    __slots__ = ("branches",)

    def __init__(self, branches: tuple[Branch, ...]) -> None:
        self.branches = branches

    def spans(self, text: str,
              seen: dict[Requirement, bool] | None = None) -> list[tuple[int, int]]:
        """Where in `text` a branch matches, in order; overlapping matches are merged.
        `seen`: see Branch.may_match; pass one dict for every list checked on one text."""
        seen = {} if seen is None else seen
        found = sorted({match.span() for branch in self.branches
                        if branch.may_match(text, seen)
                        for match in _compiled(branch.regex).finditer(text)
                        if match.end() > match.start()})
        merged: list[tuple[int, int]] = []
        for start, end in found:
            if merged and start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged


@cache
def _compiled(regex: str) -> re.Pattern:
    return re.compile(regex)


def phrase_list(patterns: list[str], vocab: dict[str, list[str]]) -> PhraseList:
    """Split patterns into branches, expand <name> vocabulary and work out each gate."""
    branches = []
    for pattern in patterns:
        for branch in _split(pattern, "|"):
            expanded = _VOCAB.sub(lambda match: "(?:" + "|".join(vocab[match.group(1)]) + ")",
                                  branch)
            branches.append(Branch(expanded, tuple(_needs(branch, vocab))))
    return PhraseList(tuple(branches))


def _split(pattern: str, separator: str) -> list[str]:
    """Split at `separator` outside groups, classes and escapes."""
    parts, depth, start = [], 0, 0
    for token in _TOKEN.finditer(pattern):
        text = token.group(0)
        if text.startswith("("):
            depth += 1
        elif text == ")":
            depth -= 1
        elif text == separator and depth == 0:
            parts.append(pattern[start:token.start()])
            start = token.end()
    parts.append(pattern[start:])
    return parts


def _needs(branch: str, vocab: dict[str, list[str]]) -> tuple[Requirement, ...]:
    """Word sets of which a text must contain one each for `branch` to match.

    Only what is certain counts: a literal run, a <vocabulary> reference, or a (?:...)
    group whose every alternative needs something, unless a quantifier makes it optional.
    Anything else (classes, escapes, lookarounds, capture groups) adds nothing, which only
    opens the gate wider.
    """
    tokens = [token.group(0) for token in _TOKEN.finditer(branch)]
    alternatives, _end = _alternatives(tokens, 0, vocab)
    return tuple(alternatives[0]) if len(alternatives) == 1 else ()


def _alternatives(tokens: list[str], index: int,
                  vocab: dict[str, list[str]]) -> tuple[list[list[Requirement]], int]:
    """The needs of each alternative from `index` to the closing parenthesis (or the end)."""
    alternatives: list[list[Requirement]] = [[]]
    while index < len(tokens) and tokens[index] != ")":
        token = tokens[index]
        index += 1
        if token == "|":
            alternatives.append([])
            continue
        words: Requirement | None = None
        if token.startswith("("):
            inner, index = _alternatives(tokens, index, vocab)
            index += 1  # the ")"
            if token == "(?:" and all(inner):
                words = frozenset().union(*(max(needs, key=_selectivity) for needs in inner))
        elif token.startswith("<"):
            words = _vocabulary(vocab, token[1:-1])
        elif token[0] not in _META:
            words = frozenset({token})
        quantifier = _QUANTIFIER.fullmatch(tokens[index]) if index < len(tokens) else None
        if quantifier is not None:
            index += 1
            if not _mandatory(quantifier):
                words = _unquantified_part(token)
        if words:
            alternatives[-1].append(words)
    return alternatives, index


def _unquantified_part(token: str) -> Requirement | None:
    """What an optional quantifier leaves needed: in a literal run only the last character
    is quantified (ab? needs a); a group, class or vocabulary reference needs nothing."""
    if token[0] in _META or len(token) < 2:
        return None
    return frozenset({token[:-1]})


def _selectivity(words: Requirement) -> int:
    return min(len(word) for word in words)


def _vocabulary(vocab: dict[str, list[str]], name: str) -> Requirement | None:
    """Words of which a text needs one for <name> to match. A word that is itself a pattern
    (``co-?workers``, ``\\d{1,2}点``) counts by what it needs (``workers``, ``点``); if one
    needs nothing certain, neither does the list."""
    words: set[str] = set()
    for word in vocab[name]:
        if not _META.intersection(word):
            words.add(word)
            continue
        tokens = [token.group(0) for token in _TOKEN.finditer(word)]
        alternatives, _end = _alternatives(tokens, 0, vocab)
        if not all(alternatives):
            return None
        for needs in alternatives:
            words |= max(needs, key=_selectivity)
    return frozenset(words)


def _mandatory(quantifier: re.Match) -> bool:
    text = quantifier.group(0)
    if text in ("?", "*"):
        return False
    if text == "+":
        return True
    return bool(quantifier.group(1)) and int(quantifier.group(1)) > 0


def compile_rules(data: dict) -> dict:
    """The parsed collection_rules.toml as `compiled_list` reads it back quickly: every
    branch expanded, with its gate; JSON-ready (lists and strings only)."""
    vocab = data["vocab"]

    def lists(entries: dict) -> dict:
        return {name: [[branch.regex, [sorted(words) for words in branch.needs]]
                       for branch in phrase_list(entry["patterns"], vocab).branches]
                for name, entry in entries.items()}

    return {
        "traditional": data["normalise"]["traditional"].split(),
        "tags": lists(data["tags"]),
        "lawful": lists(data["lawful"]),
        "asks_for_money": lists({"asks": data["asks_for_money"]})["asks"],
        "negation": data["negation"],
    }


def compiled_list(rows: list) -> PhraseList:
    """A PhraseList from the [[regex, [[word, ...], ...]], ...] rows of `compile_rules`."""
    return PhraseList(tuple(Branch(regex, tuple(frozenset(words) for words in needs))
                            for regex, needs in rows))
