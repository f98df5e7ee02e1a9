"""The command line as an editor meets it: messages, summaries, exit codes, no traceback."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import DATA, GOLDEN, run_cli


def test_check_clean_file_exits_0(small_yaml: Path) -> None:
    result = run_cli("check", "--source", str(small_yaml), "--today", "2026-11-22")
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == f"{small_yaml}: no error, 1 warning."
    assert result.stderr == ""


def test_strict_turns_warnings_into_failure(small_yaml: Path) -> None:
    result = run_cli("check", "--strict", "--source", str(small_yaml), "--today", "2026-11-22")
    assert result.returncode == 1


def test_check_broken_file_lists_every_mistake_golden() -> None:
    """Pelican-style golden file: the whole output for a file with many mistakes."""
    result = run_cli("check", "--source", "tests/data/broken.yaml", "--today", "2026-11-22")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    expected = (GOLDEN / "check_broken.txt").read_text(encoding="utf-8")
    assert result.stdout == expected


def test_yaml_syntax_error_is_one_clean_line(tmp_path: Path) -> None:
    broken = tmp_path / "actors.yaml"
    broken.write_text("guide:\n  territory: Quartier: Tilleuls\n", encoding="utf-8")
    result = run_cli("check", "--source", str(broken))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"{broken}:2:22: YAML syntax error: mapping values are not allowed here — check the"
        " indentation of this line and of the line above; put text that contains ': ' in double"
        " quotes"
    )
    assert "Traceback" not in result.stderr


def test_missing_file_is_explained(tmp_path: Path) -> None:
    result = run_cli("check", "--source", str(tmp_path / "nope.yaml"))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: {tmp_path / 'nope.yaml'}: file not found — check the path, or pass --source FILE"
    )


def test_build_refuses_invalid_source_and_writes_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run_cli(
        "build",
        "--source",
        str(DATA / "broken.yaml"),
        "--site-dir",
        str(site),
        "--today",
        "2026-11-22",
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "Nothing was written: the previous site is unchanged."
    assert not site.exists()
    assert list(tmp_path.iterdir()) == []


def test_bad_today_option_is_a_usage_error() -> None:
    result = run_cli("check", "--today", "22/11/2026")
    assert result.returncode == 2
    assert "`22/11/2026` is not a date: write YYYY-MM-DD" in result.stderr


def test_an_output_place_that_cannot_be_written_is_explained(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    out = blocker / "po" / "ar.po"
    result = run_cli("translations", "export", "--lang", "ar", "--out", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"error: {out}: not a directory"
        " — a file stands where a folder is needed: choose another path"
    )
