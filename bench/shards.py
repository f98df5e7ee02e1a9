"""Time a first build spread over machines: `python -m bench.shards [--actors 50]`.

Runs every shard of the first-build workflow one after another on this machine (each in a
fresh process, as a CI job would), then the assembly, and reports: each shard's time, the
wall time with one runner (the sum), the estimate with one runner per language (the longest
shard of each stage, one stage after the other, plus the assembly), and whether the
assembly made anything again. Results go to bench/results/shards-<date>.json and .md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from typing import Any

from bench.run import LANGUAGES, RESULTS, ROOT, TODAY, WORK, describe_machine
from bench.synthetic import write_guide

STAGES = ("audio", "print", "pages")


def run(*args: str) -> tuple[float, str]:
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return time.monotonic() - start, result.stdout


def bench_shards(actors: int, languages: list[str]) -> dict[str, Any]:
    folder = WORK / f"shards-{actors}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    source = write_guide(folder / "actors.yaml", actors, languages)
    common = [
        "--source", str(source),
        "--site-dir", str(folder / "site"),
        "--cache-dir", str(folder / ".cache"),
        "--today", TODAY,
        "--offline",
    ]  # fmt: skip
    times: dict[str, dict[str, float]] = {stage: {} for stage in STAGES}
    for stage in STAGES:
        for lang in languages:
            seconds, _out = run(*common, "--shard", f"{stage}:{lang}")
            times[stage][lang] = round(seconds, 1)
            print(f"{stage}:{lang} {seconds:.1f} s", file=sys.stderr, flush=True)
    assembly, summary = run(*common)
    made_nothing = all(
        phrase in summary
        for phrase in ("Audio: 0 clips synthesised", "Print: 0 PDFs laid out", "(0 rendered,")
    )
    one_runner = sum(sum(stage.values()) for stage in times.values()) + assembly
    per_language = sum(max(stage.values()) for stage in times.values()) + assembly
    return {
        "actors": actors,
        "languages": len(languages),
        "shard_seconds": times,
        "assembly_s": round(assembly, 1),
        "assembly_made_nothing": made_nothing,
        "one_runner_s": round(one_runner, 1),
        "runners_per_language_estimate_s": round(per_language, 1),
        "summary": summary.strip().splitlines()[-4:],
    }


def markdown(result: dict[str, Any], machine: dict[str, Any]) -> str:
    lines = [
        f"# First build in shards: {result['actors']} places × {result['languages']} languages",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory']}, "
        f"Python {machine['python']}, {machine['date']}. Offline voice (eSpeak NG).",
        "",
        "| stage | " + " | ".join(result["shard_seconds"]["audio"]) + " | longest |",
        "|---|" + "---|" * (len(result["shard_seconds"]["audio"]) + 1),
    ]
    for stage, times in result["shard_seconds"].items():
        cells = " | ".join(str(v) for v in times.values())
        lines.append(f"| {stage} | {cells} | {max(times.values())} |")
    lines += [
        "",
        f"Assembly from the caches: {result['assembly_s']} s; made nothing again: "
        f"{'yes' if result['assembly_made_nothing'] else 'NO'}.",
        f"Wall time with 1 runner (every shard, then the assembly): {result['one_runner_s']} s.",
        f"Estimate with one runner per language (longest shard of each stage, then the "
        f"assembly; job start-up not included): {result['runners_per_language_estimate_s']} s.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=50)
    args = parser.parse_args(argv)
    machine = describe_machine()
    result = bench_shards(args.actors, LANGUAGES)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"shards-{args.actors}-{machine['date']}"
    stem.with_suffix(".json").write_text(
        json.dumps({"machine": machine, **result}, indent=2) + "\n", encoding="utf-8"
    )
    stem.with_suffix(".md").write_text(markdown(result, machine), encoding="utf-8")
    print(markdown(result, machine))
    return 0 if result["assembly_made_nothing"] else 1


if __name__ == "__main__":
    sys.exit(main())
