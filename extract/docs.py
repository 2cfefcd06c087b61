"""The README's generated parts, made from the code so they cannot drift from it:

- ``commands``: the command reference, from the click commands of :mod:`extract.cli`
  (a synopsis and the help text of each command, then its full ``--help``);
- ``claims_flat``: the columns of the ``claims_flat`` view, from a fresh database, with
  their descriptions from :mod:`extract.model`.

Each part sits between ``<!-- BEGIN name ... -->`` and ``<!-- END name -->`` lines.

    python -m extract.docs            rewrite README.md
    python -m extract.docs --check    exit status 1 if README.md is out of date

``tests/test_docs.py`` fails when README.md is out of date.
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from collections.abc import Callable
from pathlib import Path

import click

from extract import store
from extract.cli import main
from extract.model import CLAIMS_FLAT

README = Path(__file__).resolve().parent.parent / "README.md"
HELP_WIDTH = 88  # --help as printed on an 88-column terminal, whatever the real one


def synopsis(name: str, command: click.Command) -> str:
    """``claims NAME ARG [OPTIONAL] [--option VALUE] [--flag]``."""
    words = [f"claims {name}"]
    for param in command.params:
        if isinstance(param, click.Argument):
            metavar = (param.metavar or param.name or "").upper()
            metavar += "..." if param.nargs == -1 else ""
            words.append(metavar if param.required else f"[{metavar}]")
        elif isinstance(param, click.Option) and not param.hidden:
            flag = max(param.opts, key=len)
            if param.is_flag:
                words.append(f"[{flag}]")
            else:
                words.append(f"[{flag} {param.metavar or param.type.name.upper()}]")
    return " ".join(words)


def _context(command: click.Command, name: str, parent: click.Context | None) -> click.Context:
    return command.make_context(
        name,
        [],
        parent=parent,
        resilient_parsing=True,
        terminal_width=HELP_WIDTH,
        max_content_width=HELP_WIDTH,
    )


def _cell(text: str) -> str:
    """``text`` on one line, safe in a Markdown table cell."""
    text = " ".join(text.replace("\b", "").split())  # click's \\b (no rewrap) markers
    return text.replace("|", r"\|").replace("*", r"\*")


def _description(command: click.Command) -> str:
    return _cell(inspect.cleandoc(command.help or ""))


def documented_commands() -> list[tuple[str, click.Command, click.Command | None]]:
    """Every command as ``(name, command, group)``: a group's subcommands follow it,
    named ``"group sub"`` (``group`` None for top-level commands)."""
    assert isinstance(main, click.Group)
    found: list[tuple[str, click.Command, click.Command | None]] = []
    for name, command in main.commands.items():
        found.append((name, command, None))
        if isinstance(command, click.Group):
            found += [(f"{name} {sub}", c, command) for sub, c in command.commands.items()]
    return found


def commands_markdown() -> str:
    """The command reference: a table of the commands (a group's subcommands in its
    place), then each one's ``--help``."""
    assert isinstance(main, click.Group)
    root = _context(main, "claims", None)
    commands = documented_commands()
    lines = ["| command | what it does |", "| --- | --- |"]
    lines += [
        f"| `{synopsis(name, command)}` | {_description(command)} |"
        for name, command, _ in commands
        if not isinstance(command, click.Group)
    ]
    helps = [("claims", main.get_help(root))]
    contexts: dict[str, click.Context] = {}
    for name, command, group in commands:
        parent = contexts[name.split()[0]] if group is not None else root
        contexts[name] = _context(command, name.split()[-1], parent)
        helps.append((f"claims {name}", command.get_help(contexts[name])))
    for title, text in helps:
        lines += [
            "",
            f"<details><summary><code>{title} --help</code></summary>",
            "",
            "```text",
            text,
            "```",
            "",
            "</details>",
        ]
    return "\n".join(lines)


def claims_flat_markdown() -> str:
    """The columns of the ``claims_flat`` view, in order, with their descriptions."""
    descriptions = {column.name: column.description for column in CLAIMS_FLAT}
    db = store.open_db(":memory:")
    try:
        names = [row[1] for row in db.execute("PRAGMA table_info(claims_flat)").fetchall()]
    finally:
        db.close()
    lines = ["| column | what |", "| --- | --- |"]
    lines += [f"| `{name}` | {_cell(descriptions[name])} |" for name in names]
    return "\n".join(lines)


SECTIONS: dict[str, Callable[[], str]] = {
    "commands": commands_markdown,
    "claims_flat": claims_flat_markdown,
}


def _section(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?P<begin><!-- BEGIN {name}\b[^\n]*-->\n)(?P<body>.*?)(?P<end><!-- END {name} -->)",
        re.DOTALL,
    )


def render(text: str) -> str:
    """``text`` (the README) with every generated part made anew."""
    for name, make in SECTIONS.items():
        found = _section(name).search(text)
        if found is None:
            raise ValueError(f"README has no <!-- BEGIN {name} --> ... <!-- END {name} --> part")
        text = text[: found.start("body")] + make() + "\n" + text[found.end("body") :]
    return text


def main_docs(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract.docs", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only say whether it is stale")
    parser.add_argument("--readme", type=Path, default=README)
    args = parser.parse_args(argv)
    current = args.readme.read_text(encoding="utf-8")
    wanted = render(current)
    if args.check:
        if wanted != current:
            print(f"{args.readme} is out of date: run python -m extract.docs", file=sys.stderr)
            return 1
        return 0
    if wanted != current:
        args.readme.write_text(wanted, encoding="utf-8")
        print(f"{args.readme} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main_docs())
