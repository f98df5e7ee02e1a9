"""A first build spread over machines: shards fill the caches, the assembly makes nothing.

The shards run one after another here, as the jobs of the GitHub Actions matrix would
(`.github/workflows/first-build.yml`), each through the command line as printed there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.build import BuildOptions, build_guide_site
from generator.errors import UsageError
from generator.shard import parse_shard
from tests.conftest import DATA, TODAY, run_cli
from tests.test_build import snapshot

LANGUAGES = ("fr", "en", "ar")  # small.yaml's


def test_sharded_build_assembled_from_caches_equals_a_single_build(tmp_path: Path) -> None:
    single = build_guide_site(
        DATA / "small.yaml",
        tmp_path / "single" / "site",
        TODAY,
        options=BuildOptions(offline=True, audio_cache=tmp_path / "single" / "audio"),
    )
    assert single.clips["synthesised"] > 0  # its own cache: everything made here

    shards = tmp_path / "shards"
    common = [
        "--source", str(DATA / "small.yaml"),
        "--site-dir", str(shards / "site"),
        "--cache-dir", str(shards / ".cache"),
        "--today", TODAY.isoformat(),
        "--offline",
    ]  # fmt: skip
    made: dict[str, str] = {}
    for stage in ("audio", "print", "pages"):
        for lang in LANGUAGES:
            result = run_cli("build", *common, "--shard", f"{stage}:{lang}")
            assert result.returncode == 0, result.stderr
            assert "Traceback" not in result.stderr
            made[f"{stage}:{lang}"] = result.stdout
            assert f"Shard {stage}:{lang} made into the caches" in result.stdout
    assert not (shards / "site").exists()  # shards write no site
    # Each audio shard made its language's clips; later shards found them in the cache.
    assert all("0 reused" in made[f"audio:{lang}"] for lang in LANGUAGES)
    assert all(" 0 clips synthesised" in made[f"print:{lang}"] for lang in LANGUAGES)
    assert all(" 0 clips synthesised" in made[f"pages:{lang}"] for lang in LANGUAGES)
    assert all("Print: 0 PDFs laid out" in made[f"pages:{lang}"] for lang in LANGUAGES)

    assembled = build_guide_site(
        DATA / "small.yaml",
        shards / "site",
        TODAY,
        cache_dir=shards / ".cache",
        options=BuildOptions(offline=True),
    )
    # Nothing is made again: every clip, PDF, page and search index comes from the caches.
    assert assembled.clips["synthesised"] == 0
    assert assembled.clips["reused"] == single.clips["synthesised"] + single.clips["reused"]
    assert assembled.pdfs["rendered"] == 0
    assert assembled.rendered == 0
    assert not assembled.search_reindexed
    # The same bytes as the single build, file for file.
    assert snapshot(shards / "site") == snapshot(tmp_path / "single" / "site")
    manifest = json.loads((shards / "site" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["languages"] == list(LANGUAGES)


def test_a_shard_names_what_is_wrong() -> None:
    assert parse_shard("print:ar").stage == "print"
    with pytest.raises(UsageError, match="STAGE one of audio, print, pages"):
        parse_shard("video:ar")
    with pytest.raises(UsageError, match="expected STAGE:LANGUAGE"):
        parse_shard("audio")


def test_a_shard_of_a_language_the_guide_lacks_is_refused(tmp_path: Path) -> None:
    result = run_cli(
        "build",
        "--source", str(DATA / "small.yaml"),
        "--site-dir", str(tmp_path / "site"),
        "--shard", "audio:ti",
        "--offline",
    )  # fmt: skip
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "the guide has no language 'ti'; its languages are fr, en, ar" in result.stderr
