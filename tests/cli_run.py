"""Running the command line in-process, as the CLI tests do, with the user-error checks."""
from __future__ import annotations

import pytest

from geoevents.cli import main

MAIN = "from geoevents.cli import main; main()"  # for tests that need a separate process


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``geoevents ARGS``."""
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """A run that must fail as a user error: exit 2, one line, no stdout, no traceback, no
    'skipped' line before it; returns the line."""
    code, out, err = run(capsys, *args)
    assert code == 2, err
    assert out == "" and err.count("\n") == 1 and err.startswith("geoevents: error: "), err
    assert "Traceback" not in err and "skipped" not in err
    return err
