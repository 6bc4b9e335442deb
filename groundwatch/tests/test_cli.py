"""The `groundwatch` command's own help: an overview, every command, one command's options."""

from groundwatch.cli import main


def test_help_gives_the_overview(capsys):
    assert main(["help"]) == 0
    out = capsys.readouterr().out
    assert "groundwatch's own commands:" in out and "demo" in out and "help --commands" in out


def test_help_commands_lists_every_command(capsys):
    assert main(["help", "--commands"]) == 0
    out = capsys.readouterr().out
    for name in ("audit", "export_case", "import", "backup", "rotate_field_keys", "migrate"):
        assert f"    {name}\n" in out, name


def test_help_for_one_command_shows_its_options(capsys):
    try:
        main(["help", "audit"])
    except SystemExit as exit_:  # argparse exits after printing help
        assert exit_.code == 0
    assert "--anchor SEQUENCE:HASH" in capsys.readouterr().out
