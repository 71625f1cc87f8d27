"""Which budget category an imported row belongs to: the user's rules, then defaults."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# Payee or description keywords of common Chinese merchants -> a default category name.
# The user's own rules (and those learned from corrections) are asked first.
DEFAULT_PAYEE_RULES: tuple[tuple[str, str], ...] = (
    ("美团", "Food"), ("饿了么", "Food"), ("肯德基", "Food"), ("麦当劳", "Food"),
    ("瑞幸", "Food"), ("星巴克", "Food"), ("沙县", "Food"), ("拉面", "Food"),
    ("食堂", "Food"), ("餐厅", "Food"), ("外卖", "Food"),
    ("盒马", "Groceries"), ("永辉", "Groceries"), ("超市", "Groceries"),
    ("菜市场", "Groceries"), ("便利店", "Groceries"), ("全家", "Groceries"),
    ("滴滴", "Transport"), ("地铁", "Transport"), ("公交", "Transport"),
    ("12306", "Transport"), ("铁路", "Transport"), ("高德打车", "Transport"),
    ("哈啰", "Transport"), ("加油", "Transport"),
    ("中国移动", "Communication"), ("中国联通", "Communication"),
    ("中国电信", "Communication"),
    ("国家电网", "Utilities"), ("电费", "Utilities"), ("水费", "Utilities"),
    ("燃气", "Utilities"),
    ("淘宝", "Shopping"), ("天猫", "Shopping"), ("京东", "Shopping"), ("拼多多", "Shopping"),
    ("药房", "Health"), ("药店", "Health"), ("医院", "Health"),
    ("保险", "Insurance"), ("房租", "Housing"), ("物业", "Housing"), ("自如", "Housing"),
    ("影城", "Entertainment"), ("电影", "Entertainment"), ("爱奇艺", "Entertainment"),
    ("腾讯视频", "Entertainment"), ("网易云音乐", "Entertainment"), ("Steam", "Entertainment"),
    ("工资", "Salary"), ("代发", "Salary"), ("奖金", "Bonus"), ("利息", "Other income"),
    ("结息", "Other income"),
)

# The export's own category (Alipay 交易分类, WeChat 交易类型, a bank's 摘要) -> category.
DEFAULT_SOURCE_CATEGORIES: Mapping[str, str] = {
    "餐饮美食": "Food", "交通出行": "Transport", "爱车养车": "Transport",
    "日用百货": "Groceries", "超市便利": "Groceries",
    "服饰装扮": "Shopping", "数码电器": "Shopping", "家居家装": "Shopping",
    "美容美发": "Shopping", "母婴亲子": "Shopping",
    "运动户外": "Entertainment", "文化休闲": "Entertainment", "酒店旅游": "Entertainment",
    "医疗健康": "Health", "教育培训": "Education", "住房物业": "Housing",
    "充值缴费": "Utilities", "保险": "Insurance", "信用借还": "Loan repayment",
    "代发工资": "Salary", "工资": "Salary", "奖金": "Bonus", "结息": "Other income",
    "利息": "Other income",
}


@dataclass(frozen=True)
class Rule:
    """`payee contains pattern -> category`; `learned` when budget learned it from a fix."""

    pattern: str
    category_id: int
    learned: bool = False


class CategoryGuesser:
    """Picks a category id for a payee, description and export category, or None.

    `categories` maps a category name (any case) to (id, kind); the services list each
    default category under its English name too (found by its key, so a Chinese or
    renamed default is used); a default the user deleted is simply not used. Rules are
    tried longest pattern first, so `美团买菜 -> Groceries` wins over `美团 -> Food`.
    """

    def __init__(self, rules: Sequence[Rule], categories: Mapping[str, tuple[int, str]]):
        self._categories = {name.casefold(): value for name, value in categories.items()}
        self._kinds = dict(categories.values())
        self._rules = _Patterns((rule.pattern, rule.category_id) for rule in rules)
        self._defaults = _Patterns(
            (pattern, self._categories[name.casefold()][0])
            for pattern, name in DEFAULT_PAYEE_RULES if name.casefold() in self._categories)
        self._cache: dict[tuple[str, str, str, str], int | None] = {}

    def kind_of(self, category_id: int) -> str | None:
        """"income" or "expense" for a known category id, else None."""
        return self._kinds.get(category_id)

    def by_name(self, name: str) -> int | None:
        found = self._categories.get(name.casefold())
        return found[0] if found else None

    def guess(self, payee: str, item: str, source_category: str, kind: str) -> int | None:
        """The category for a row whose money goes `kind` ("income" or "expense").

        Rules look in the payee first, then in the description; the user's rules before
        the defaults, the export's own category last.
        """
        key = (payee, source_category, kind)
        if key not in self._cache:
            self._cache[key] = self._search(payee, kind)
        found = self._cache[key]
        if found is None and item.strip():
            found = self._search(item, kind)
        if found is None:
            found = self._source(source_category, kind)
        return found

    def _search(self, text: str, kind: str) -> int | None:
        text = text.casefold()
        for rules in (self._rules, self._defaults):
            found = rules.find(text, lambda category_id: self.kind_of(category_id) == kind)
            if found is not None:
                return found
        return None

    def _source(self, source_category: str, kind: str) -> int | None:
        name = DEFAULT_SOURCE_CATEGORIES.get(source_category)
        if name and name.casefold() in self._categories:
            category_id, category_kind = self._categories[name.casefold()]
            if category_kind == kind:
                return category_id
        return None

    def fallback(self, kind: str) -> int | None:
        """Where a row that needs a category waits: Other, or Other income."""
        return self.by_name("Other income" if kind == "income" else "Other")


class _Patterns:
    """Substring rules searched in one pass of a regular expression; longest match wins."""

    def __init__(self, rules: Iterable[tuple[str, int]]):
        self._by_text = {pattern.casefold(): category_id for pattern, category_id in rules
                         if pattern.strip()}
        ordered = sorted(self._by_text, key=len, reverse=True)
        self._regex = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def find(self, text: str, fits) -> int | None:
        if self._regex is None:
            return None
        # At each position the alternation tries the longest pattern first. A pattern hidden
        # inside a longer match of the wrong kind is found by the slower scan after it.
        found = {m.group() for m in self._regex.finditer(text)}
        if not found:
            return None
        for candidates in (found, {m.group() for start in range(len(text))
                                   if (m := self._regex.match(text, start))}):
            for pattern in sorted(candidates, key=len, reverse=True):
                if fits(self._by_text[pattern]):
                    return self._by_text[pattern]
        return None
