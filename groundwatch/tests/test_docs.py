"""Docs are tested like code: every setting, taxonomy slug and command must be documented.

The taxonomy reference is generated: after changing ``groundwatch/events/taxonomy.toml`` run
``python -m groundwatch.tests.test_docs`` to rewrite the table in ``docs/concepts/taxonomy.md``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from groundwatch.events.taxonomy import EventType, Taxonomy, get_taxonomy
from groundwatch.lib.env import SETTINGS

PACKAGE = Path(__file__).resolve().parents[1]
DOCS = PACKAGE.parent / "docs"
TAXONOMY_DOC = DOCS / "concepts" / "taxonomy.md"
BEGIN, END = "<!-- taxonomy:begin (generated) -->", "<!-- taxonomy:end -->"


def _read(name: str) -> str:
    return (DOCS / name).read_text("utf-8")


def _acled(pair: tuple[str, str] | None, inherited: tuple[str, str] | None = None) -> str:
    if pair is None and inherited is None:
        return "not exported"
    shown = " / ".join(pair or inherited or ())
    return shown if pair is not None else f"{shown} (from the type)"


def _type_acled(kind: EventType) -> str:
    if kind.acled is None and any(sub.acled for sub in kind.sub_types.values()):
        return "by sub-type, below"
    return _acled(kind.acled)


def render_taxonomy(taxonomy: Taxonomy) -> str:
    """The Markdown reference for every category, type and sub-type."""
    lines = []
    for category, category_label in taxonomy.categories.items():
        lines += [f"## {category_label} (`{category}`)", ""]
        for kind in taxonomy.types_in(category):
            lines += [f"### `{kind.slug}` — {kind.label}", "", f"ACLED projection: {_type_acled(kind)}.", ""]
            if not kind.sub_types:
                lines += ["No sub-types.", ""]
                continue
            lines += ["| sub-type | label | ACLED projection |", "| --- | --- | --- |"]
            for sub in kind.sub_types.values():
                lines.append(f"| `{sub.slug}` | {sub.label} | {_acled(sub.acled, kind.acled)} |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _taxonomy_sections(text: str) -> dict[str, str]:
    parts = re.split(r"^### `([a-z0-9_]+)`", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_setting_is_documented():
    text = _read("configuration.md")
    missing = [name for name in SETTINGS if f"`{name}`" not in text]
    assert not missing, f"docs/configuration.md does not describe: {', '.join(missing)}"


def test_every_taxonomy_type_and_sub_type_is_documented():
    sections = _taxonomy_sections(TAXONOMY_DOC.read_text("utf-8"))
    missing = []
    for kind in get_taxonomy().types.values():
        if kind.slug not in sections:
            missing.append(kind.slug)
            continue
        missing += [f"{kind.slug}.{sub}" for sub in kind.sub_types if f"`{sub}`" not in sections[kind.slug]]
    assert not missing, f"docs/concepts/taxonomy.md lacks: {', '.join(missing)}"


def test_taxonomy_reference_matches_taxonomy_toml():
    text = TAXONOMY_DOC.read_text("utf-8")
    assert BEGIN in text and END in text, f"keep the {BEGIN} … {END} markers in docs/concepts/taxonomy.md"
    generated = text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n") + "\n"
    assert generated == render_taxonomy(get_taxonomy()), (
        "docs/concepts/taxonomy.md is out of date; run `python -m groundwatch.tests.test_docs`"
    )


def _own_commands() -> list[str]:
    return sorted(
        path.stem for path in PACKAGE.glob("*/management/commands/*.py") if not path.stem.startswith("_")
    )


def test_every_command_is_documented():
    text = _read("cli.md")
    commands = _own_commands()
    assert {"demo", "serve", "init", "audit_verify"} <= set(commands)
    missing = [name for name in commands if not re.search(rf"^## `{name}`", text, flags=re.MULTILINE)]
    assert not missing, f"docs/cli.md has no '## `name`' section for: {', '.join(missing)}"


@pytest.mark.parametrize(
    "page",
    [
        "index.md",
        "getting-started.md",
        "concepts.md",
        "configuration.md",
        "cli.md",
        "api.md",
        "development/architecture.md",
        "development/adding-a-model.md",
    ],
)
def test_links_between_pages_resolve(page):
    path = DOCS / page
    for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", path.read_text("utf-8")):
        assert (path.parent / target).resolve().is_file(), f"{page} links to missing {target}"


def write_taxonomy_doc() -> None:
    text = TAXONOMY_DOC.read_text("utf-8")
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    TAXONOMY_DOC.write_text(f"{head}{BEGIN}\n\n{render_taxonomy(get_taxonomy())}\n{END}{tail}", "utf-8")


if __name__ == "__main__":
    write_taxonomy_doc()
