"""Subcommands of `.venv/bin/python -m generator`: one module each, found automatically.

A module here defines `register(subparsers)`, which adds its parser and sets `run=` to a
function taking the parsed arguments and returning the exit code. `common.add_source_options`
gives the shared `--source` and `--today` options.
"""
