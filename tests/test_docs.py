"""The README cannot drift from the code: its command reference and its list of the
claims_flat columns are generated (python -m extract.docs) and checked here, and its test
command is the one .ci/run runs."""

import re
from pathlib import Path

from extract import docs, store

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(text: str, name: str) -> str:
    found = re.search(rf"<!-- BEGIN {name}\b[^\n]*-->\n(.*?)<!-- END {name} -->", text, re.S)
    assert found, f"README has no generated {name} part"
    return found.group(1)


def test_the_readme_is_up_to_date():
    assert docs.render(README) == README, "README.md is stale: run python -m extract.docs"


def test_a_stale_readme_is_found_and_rewritten(tmp_path):
    stale = README.replace("[--misses]", "[--missing]").replace("| `longitude` |", "| `lon` |")
    readme = tmp_path / "README.md"
    readme.write_text(stale, encoding="utf-8")
    assert docs.main_docs(["--check", "--readme", str(readme)]) == 1
    assert docs.main_docs(["--readme", str(readme)]) == 0
    assert readme.read_text(encoding="utf-8") == README
    assert docs.main_docs(["--check", "--readme", str(readme)]) == 0


def test_the_command_reference_has_every_command_and_option():
    reference = section(README, "commands")
    for name, command, _ in docs.documented_commands():
        assert f"`claims {name} " in reference or f"`claims {name}`" in reference
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--"):
                    assert opt in reference, f"claims {name} {opt}"


def test_the_readme_lists_the_columns_of_claims_flat():
    listed = re.findall(r"^\| `(\w+)` \|", section(README, "claims_flat"), re.M)
    db = store.open_db(":memory:")
    try:
        view = [row[1] for row in db.execute("PRAGMA table_info(claims_flat)").fetchall()]
    finally:
        db.close()
    assert listed == view
    assert "article" in listed and "path" not in listed


def test_the_readme_test_command_is_what_ci_runs():
    commands = re.findall(r"```sh\n(python3 -m venv .venv && [^\n]*pytest)\n```", README)
    assert len(commands) == 1
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci == commands[0]
    assert "ruff check ." in ci and "ruff format --check ." in ci and "mypy" in ci
