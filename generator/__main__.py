"""`python -m generator …`; outside the project's environment, says what to run instead."""

import sys


def _missing_dependency(error: ModuleNotFoundError) -> int:
    """One plain message (no traceback) when a dependency is not installed: the usual cause is
    running the system's Python instead of the project's .venv."""
    arguments = " ".join(sys.argv[1:]) or "--help"
    print(
        f"The module '{error.name}' is not installed for {sys.executable}: this Python is not "
        "the project's environment.\n"
        "From the project folder, run `make check` once (it creates .venv and installs "
        f"everything), then:\n    .venv/bin/python -m generator {arguments}",
        file=sys.stderr,
    )
    return 1


try:
    from generator.cli import main

    status = main()  # commands are imported when the parser is made
except ModuleNotFoundError as error:  # a dependency, not the generator itself
    if error.name is None or error.name.split(".")[0] == "generator":
        raise
    status = _missing_dependency(error)
sys.exit(status)
