"""A caseworker who reads English gets the caseworker and caseload commands' help in English."""
import pytest
from typer.testing import CliRunner

from standards_engine.cli import app

# Words that only the Danish help screens of these commands use.
DANISH = ("Kommunens", "Vurderingsdato", "Borgerprofil", "Skriv ", "påkrævet", "Tilvalg", "SAGSMÆNGDE", "Sprog", " eller ",
          "side om side")


@pytest.mark.parametrize("command", ["interview", "screen", "compare", "letter", "batch", "impact"])
def test_help_in_english_has_no_danish_words(command):
    r = CliRunner().invoke(app, [command, "--help", "--lang", "en"], terminal_width=200)
    assert r.exit_code == 0, r.output
    assert "Options" in r.output and "Example" in r.output
    found = [w for w in DANISH if w in r.output]
    assert not found, found


def test_help_in_danish_is_unchanged_by_default():
    r = CliRunner().invoke(app, ["letter", "--help"], terminal_width=200)
    assert "Afgørelsens dato" in r.output and "Eksempel" in r.output
