"""Every `budget ...` example in the README runs as written, on the demo it tells you to open;
and what the README says about JSON output is what the commands print."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from budget.cli import main

README = Path(__file__).parents[2] / "README.md"
OPTIONAL = re.compile(r"\s*\[([^\]]*)\]")


def readme_commands() -> list[str]:
    """Each example of the README's sh blocks: continuations joined, comments dropped,
    `a | b` alternatives apart, optional parts ([--json]) written out."""
    text = README.read_text()
    examples = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#\s.*$", "", line).strip()
            line = line.split(" && ")[0]  # `budget export ... && hledger ...`: budget's part
            if not line.startswith("budget "):
                continue
            for example in re.split(r"\s+\|\s+", line):
                examples.append(OPTIONAL.sub(r" \1", example).strip())
    return examples


def test_the_readme_has_the_examples_this_test_runs():
    examples = readme_commands()
    assert "budget add -30 shopping return" in examples
    assert "budget transfer 500 bank savings --note \"reserve top-up\"" in examples
    assert len(examples) >= 40


@pytest.fixture
def demo(private_home, tmp_path, monkeypatch):
    """The README's first step: `budget demo` (here without opening the app)."""
    monkeypatch.chdir(tmp_path)  # `budget export ics due.ics` writes here
    (tmp_path / "data").symlink_to(Path(__file__).parents[2] / "data")  # the sample exports
    built = CliRunner().invoke(main, ["demo", "--no-open"])
    assert built.exit_code == 0, built.output
    return private_home / "demo.db"


def _run(db: Path, args: list[str]):
    return CliRunner().invoke(main, ["--db", str(db), *args])


def _last_payment_id(db: Path, loan: str) -> str:
    payments = json.loads(_run(db, ["loan", "payments", loan, "--json"]).output)
    return str(max(payment["id"] for payment in payments))


def test_every_readme_example_runs_on_the_demo(demo):
    failures = []
    for example in readme_commands():
        args = shlex.split(example)[1:]
        if args[0] == "demo":
            args.append("--no-open")
        if args[:2] == ["loan", "unpay"]:
            args[3] = _last_payment_id(demo, args[2])  # the id of a payment made just now
        result = _run(demo, args)
        allowed = {0, 1} if "--check" in args else {0}
        if result.exit_code not in allowed:
            failures.append(f"{example}\n  -> exit {result.exit_code}: {result.output.strip()}")
    assert failures == [], "\n".join(failures)


def _json_claims() -> tuple[list[str], list[str]]:
    paragraph = re.search(r"`--json` prints a list of objects for (.*?) and\s+one object for "
                          r"the others \((.*?)\)", README.read_text(), flags=re.S)
    assert paragraph, "the README says what --json prints"
    return [re.findall(r"`([^`]+)`", group) for group in paragraph.groups()]


def test_json_output_is_what_the_readme_says(demo):
    lists, objects = _json_claims()
    assert lists == ["list", "account list", "category list", "loan list", "loan payments",
                     "bill list", "due"]
    needs_a_loan = {"loan payments", "loan show"}
    for command, kind in [*((c, list) for c in lists), *((c, dict) for c in objects)]:
        args = [*command.split(), *(["微粒贷"] if command in needs_a_loan else []), "--json"]
        result = _run(demo, args)
        assert result.exit_code == 0, (command, result.output)
        assert isinstance(json.loads(result.output), kind), command


def test_an_installed_copy_carries_every_stylesheet_the_screens_load():
    # `pip install .` (the README's first command) installs package data by these globs.
    import tomllib

    root = README.parent
    globs = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["budget"]
    package = root / "budget"
    packaged = {path for pattern in globs for path in package.glob(pattern)}
    assert set(package.rglob("*.tcss")) <= packaged
