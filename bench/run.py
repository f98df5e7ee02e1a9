"""Benchmark the guide compiler on synthetic guides: `python -m bench [--sizes 50 500 2000]`.

For each size (actors × languages) it reports, as a table and as JSON in bench/results/:
full build time, no-change rebuild time, one-actor-edit rebuild time, peak memory, output
size, time and bytes per page, clips synthesised, PDF time, and a bare `mkdocs build` of the
same number of pages (so the generator's overhead is a ratio measured in the same run). On the
sample guide it also measures page weights as a phone would download them (gzip).
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from bench.edit import LOADER, add_comment, edit_one_actor
from bench.outputs import all_outputs, outputs_table
from bench.synthetic import SAMPLE, write_guide
from generator.areas import commune_slug, tidy

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
WORK = Path(__file__).resolve().parent / "work"
TODAY = "2026-11-22"
LANGUAGES = ["fr", "en", "ar", "fa-AF", "ps", "ti", "uk", "ru", "tr", "pt", "ro", "es"]

# Runs one build in a fresh interpreter and prints its report and peak memory as JSON.
BUILD_SNIPPET = """
import json, resource, sys, time
from datetime import date
from pathlib import Path
from generator.build import BuildOptions, build_guide_site
options = BuildOptions(**json.loads(sys.argv[4]))
start = time.monotonic()
report = build_guide_site(Path(sys.argv[1]), Path(sys.argv[2]), date.fromisoformat(sys.argv[3]),
                          options=options)
seconds = time.monotonic() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_rss_mb": max(own, children) / 1024,
                  "pages": report.pages, "rendered": report.rendered,
                  "timings": getattr(report, "timings", {}),
                  "clips": report.clips, "pdfs": report.pdfs}))
"""


def build_in_process(
    source: Path, site: Path, options: dict[str, Any], today: str = TODAY
) -> dict[str, Any]:
    """One build in its own process (so peak memory is this build's), on the date `today`."""
    command = [sys.executable, "-c", BUILD_SNIPPET, str(source), str(site), today]
    result = subprocess.run(
        [*command, json.dumps(options)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "CI": "true"},
    )
    if result.returncode:
        sys.exit(f"the build of {source} failed:\n{result.stderr.strip()[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def html_pages(site: Path) -> list[Path]:
    return [path for path in site.rglob("index.html") if "pagefind" not in path.parts]


def bare_mkdocs_seconds(site_cache: Path) -> float:
    """A plain `mkdocs build` of one language's pages with Material's default template."""
    language = next(path for path in sorted(site_cache.iterdir()) if (path / "docs").is_dir())
    bare = WORK / "bare"
    shutil.rmtree(bare, ignore_errors=True)
    shutil.copytree(language / "docs", bare / "docs")
    for page in (bare / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"^template: .*\n", "", text, flags=re.M)
        page.write_text(text + "\n\nUn paragraphe de texte.\n", encoding="utf-8")
    (bare / "mkdocs.yml").write_text(
        "site_name: bare\ntheme:\n  name: material\n  font: false\nplugins: []\n",
        encoding="utf-8",
    )
    start = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(bare / "mkdocs.yml")],
        cwd=bare,
        check=True,
        capture_output=True,
    )
    return time.monotonic() - start


def page_weights(site: Path) -> dict[str, Any]:
    """What a first visit downloads, gzip-compressed as a server would send it (Playwright)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "playwright is not installed"}
    from tests.browser import CHROMIUM_ARGS, serve

    pages = {
        "actor_fr": "acteurs/france-services-tilleuls/",
        "actor_ar": "ar/acteurs/france-services-tilleuls/",
        "actor_ti": "ti/acteurs/france-services-tilleuls/",
        "home_fr": "",
        "search_index_note": None,
    }
    weights: dict[str, Any] = {}
    files: dict[str, set[Path]] = {}
    audio = sorted(site.glob("a/*/index.html")) + sorted(site.glob("ar/a/*/index.html"))
    if audio:
        pages["audio_page_fr"] = audio[0].parent.relative_to(site).as_posix() + "/"
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for name, path in pages.items():
            if path is None:
                continue
            page = browser.new_page()
            loaded: list[str] = []
            page.on("requestfinished", lambda request, seen=loaded: seen.append(request.url))
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            files[name] = set()
            for url in loaded:
                file = site / url.removeprefix(base).split("?")[0]
                file = file / "index.html" if file.is_dir() else file
                if file.suffix != ".mp3":  # the budget is without the clip
                    files[name].add(file)
            weights[name] = sum(sent_bytes(file) for file in files[name])
            page.close()
        browser.close()
    # A reader on the French page switches to Arabic: what the Arabic page loads that the
    # French one did not (its HTML aside). One shared copy of the assets: only a script's font.
    switch = files["actor_ar"] - files["actor_fr"]
    weights["language_switch_fr_ar"] = sum(
        sent_bytes(file) for file in switch if file.suffix != ".html"
    )
    weights["search_index_fr_gz"] = search_index_bytes(site, "fr")
    weights.pop("search_index_note", None)
    return weights


def sent_bytes(file: Path) -> int:
    """The bytes a server sends for a file: gzip-compressed when that is smaller."""
    raw = file.read_bytes()
    return min(len(raw), len(gzip.compress(raw, 9)))


def search_index_bytes(site: Path, lang: str) -> int:
    """Everything Pagefind may load for one language (already compressed by Pagefind)."""
    index = site / "pagefind"
    files = [index / "pagefind.js", index / "pagefind-worker.js", index / "pagefind-entry.json"]
    files += [
        path for path in index.rglob("*") if path.name.startswith((f"{lang}_", f"wasm.{lang}."))
    ]
    files += list(index.glob(f"pagefind.{lang}_*.pf_meta"))
    return sum(path.stat().st_size for path in files if path.is_file())


def describe_machine() -> dict[str, Any]:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        match = re.search(r"model name\s*:\s*(.*)", cpuinfo.read_text())
        cpu = match.group(1) if match else ""
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        match = re.search(r"MemTotal:\s*(\d+)", meminfo.read_text())
        memory = f"{int(match.group(1)) // 1024 // 1024} GiB" if match else ""
    try:  # the code measured: a result is read against the commit it was made from
        commit = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "commit": commit,
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "system": platform.platform(),
        "date": datetime.date.today().isoformat(),
    }


def guide_name(guide: Path) -> str:
    """`messy-2000` for bench/work/messy-2000/actors.yaml, `mon-guide` for mon-guide.yaml."""
    return guide.parent.name if guide.stem == "actors" else guide.stem


def bench_size(
    actors: int | None,
    languages: list[str],
    outputs: bool,
    communes: int = 0,
    guide: Path | None = None,
) -> dict[str, Any]:
    """Full, no-change and one-edit builds of a guide of `actors` actors (None: the sample),
    or of the editors' own `guide` as it is (built on today's date, its checks are dated).

    The full build starts from nothing (no cache). The website figures and their ratios come
    from website-only builds (`--no-audio --no-print`); with `outputs`, the same guide is then
    built again from nothing with every output (clips offline, PDFs): bench/outputs.py.
    """
    label = f"guide-{guide_name(guide)}" if guide else "sample" if actors is None else str(actors)
    folder = WORK / label
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    source = folder / "actors.yaml"
    today = TODAY
    if guide is not None:
        shutil.copyfile(guide, source)
        data = yaml.load(source.read_text(encoding="utf-8"), Loader=LOADER)
        actors, languages = len(data["actors"]), data["guide"]["languages"]
        communes = len({commune_slug(tidy(actor.get("commune"))) for actor in data["actors"]})
        today = datetime.date.today().isoformat()
    elif actors is None:
        shutil.copy(SAMPLE, source)
    else:
        write_guide(source, actors, languages, communes)
    pristine = folder / "actors.orig.yaml"
    shutil.copyfile(source, pristine)
    site = folder / "site"
    options = {"audio": False, "prints": False}

    def run_build(source: Path, site: Path, options: dict[str, Any]) -> dict[str, Any]:
        return build_in_process(source, site, options, today)

    full = run_build(source, site, options)
    unchanged = run_build(source, site, options)
    # The same data in a file that changed (a comment): every stage runs and keeps its outputs.
    add_comment(source, "relu")
    touched = run_build(source, site, options)
    edited_field = edit_one_actor(source)
    edited = run_build(source, site, options)
    pages = html_pages(site)
    html_bytes = sum(page.stat().st_size for page in pages)
    bare = bare_mkdocs_seconds(folder / ".cache" / "pages" / "site")
    bare_pages = sum(1 for _ in (WORK / "bare" / "docs").rglob("*.md"))
    result = {
        "actors": actors if actors is not None else "sample",
        "languages": len(languages),
        "communes": communes or 1,
        "one_edit": edited_field,
        "pages": full["pages"],
        "full_build_s": round(full["seconds"], 2),
        "no_change_rebuild_s": round(unchanged["seconds"], 2),
        "no_change_ratio": round(unchanged["seconds"] / full["seconds"], 3),
        "same_data_rebuild_s": round(touched["seconds"], 2),
        "same_data_timings": touched.get("timings", {}),
        "one_edit_timings": edited.get("timings", {}),
        "one_edit_rebuild_s": round(edited["seconds"], 2),
        "one_edit_pages_rendered": edited["rendered"],
        "no_change_pages_rendered": unchanged["rendered"],
        "peak_memory_mb": round(
            max(full["peak_rss_mb"], touched["peak_rss_mb"], edited["peak_rss_mb"]), 1
        ),
        "output_mb": round(folder_size(site) / 1e6, 1),
        "ms_per_page": round(1000 * full["seconds"] / max(full["pages"], 1), 2),
        "html_bytes_per_page": html_bytes // max(len(pages), 1),
        "timings": full.get("timings", {}),
        "clips": {
            "full": full["clips"],
            "no_change": unchanged["clips"],
            "one_edit": edited["clips"],
        },
        "pdfs": {"full": full["pdfs"], "no_change": unchanged["pdfs"], "one_edit": edited["pdfs"]},
        "one_edit_ratio": round(edited["seconds"] / full["seconds"], 3),
        "bare_mkdocs_s_per_page": round(bare / max(bare_pages, 1), 4),
    }
    if guide is not None:
        result["guide"] = guide.name
    # The website stage alone (audio and PDFs are not what a bare MkDocs build makes).
    site_seconds = full["timings"].get("site", full["seconds"])
    result["site_ms_per_page"] = round(1000 * site_seconds / max(full["pages"], 1), 2)
    result["overhead_ratio"] = round(
        result["site_ms_per_page"] / 1000 / max(result["bare_mkdocs_s_per_page"], 1e-9), 2
    )
    if outputs:
        result["all_outputs"] = all_outputs(
            pristine, folder / "all", run_build, edit_one_actor, folder_size
        )
    if actors is None and Path("/usr/bin/chromium").exists():
        # As residents get it: with the audio pages and the print page's PDFs.
        result["page_weights_gz"] = page_weights(folder / "all" / "site" if outputs else site)
    return result


def table(results: list[dict[str, Any]]) -> str:
    columns = [
        ("actors", "actors"),
        ("languages", "langs"),
        ("communes", "communes"),
        ("pages", "pages"),
        ("full_build_s", "full s"),
        ("no_change_rebuild_s", "no-change s"),
        ("no_change_ratio", "no-change / full"),
        ("same_data_rebuild_s", "same-data s"),
        ("one_edit_rebuild_s", "1-edit s"),
        ("one_edit_pages_rendered", "1-edit pages"),
        ("one_edit_ratio", "1-edit / full"),
        ("peak_memory_mb", "peak MB"),
        ("output_mb", "out MB"),
        ("ms_per_page", "ms/page"),
        ("site_ms_per_page", "site ms/page"),
        ("html_bytes_per_page", "HTML B/page"),
        ("overhead_ratio", "× bare mkdocs"),
    ]
    lines = [
        "| " + " | ".join(title for _, title in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    for row in results:
        lines.append("| " + " | ".join(str(row.get(key, "")) for key, _ in columns) + " |")
    return "\n".join(lines)


def explain(results: list[dict[str, Any]]) -> str:
    """The paragraphs under the table: what was measured, in numbers taken from the results."""
    parts = []
    sample = next((r for r in results if r["actors"] == "sample"), None)
    for row in results:
        every = row.get("all_outputs")
        if every:
            timings = every["timings"]
            parts.append(
                f"Every output, {row['actors']} × {row['languages']}: the first build "
                f"synthesises {every['clips']} clips offline (eSpeak NG, "
                f"{timings.get('audio', 0):.0f} s; {every['clips_missing']} missing) and lays "
                f"out {every['pdfs']} PDFs of {every['pdf_pages']} pages "
                f"({timings.get('print', 0):.0f} s), in {every['full_s']:.0f} s in all. The "
                f"same build again takes {every['no_change_s']} s; one actor edited, "
                f"{every['one_edit_s']} s ({every['one_edit_clips']} clip(s) and "
                f"{every['one_edit_pdfs']} PDF(s) made again)."
            )
    if sample:
        weights = {k: round(v / 1024) for k, v in sample.get("page_weights_gz", {}).items()}
        if weights:
            parts.append(
                "Page weights of the sample, first visit, gzip as a server sends them (CSS, JS "
                f"and fonts included, clip excluded): actor page fr {weights['actor_fr']} KB, "
                f"ar {weights['actor_ar']} KB, ti {weights['actor_ti']} KB; home fr "
                f"{weights['home_fr']} KB; audio page {weights['audio_page_fr']} KB. Search "
                f"index of one language (Pagefind: entry, JS, WebAssembly, index and fragments):"
                f" fr {weights['search_index_fr_gz']} KB. Switching from the French page of a "
                f"place to its Arabic page loads {weights.get('language_switch_fr_ar', '?')} KB "
                "of style sheets, scripts and fonts the French page had not loaded (every "
                f"language links one copy of the assets). Whole site: {sample['output_mb']} MB."
            )
    synthetic = [r for r in results if r["actors"] != "sample"]
    if synthetic:
        largest = synthetic[-1]
        parts.append(
            "The website table measures website-only builds (`--no-audio --no-print`), as the "
            "ratios are defined; `--outputs` adds the table of builds with every output. "
            f"Stages of the full build at {largest['actors']} actors, in seconds: "
            + ", ".join(f"{name} {sec:.1f}" for name, sec in largest["timings"].items() if sec)
            + ". Same data in a changed file (a comment added), stages: "
            + ", ".join(
                f"{name} {sec:.1f}" for name, sec in largest["same_data_timings"].items() if sec
            )
            + ". One-actor edit, stages: "
            + ", ".join(
                f"{name} {sec:.1f}" for name, sec in largest["one_edit_timings"].items() if sec
            )
            + ". A build with the same inputs as the last one does nothing (no-change); "
            "otherwise the actors' blocks of text and checks are taken from the cache where "
            "unchanged, MkDocs sees only the pages whose inputs changed, unchanged pages are "
            "linked from the previous site with their compressed copies, a need page "
            "re-renders only the place cards that changed, each language's search index is "
            "made again only when the words it indexes changed (a French fallback shown in "
            "another language is not in that language's index), and the replaced site is "
            "removed by a low-priority process the build does not wait for."
        )
    parts.append(
        '"peak MB" is the largest resident size of one process of the build (the main process '
        'or a worker). "× bare mkdocs" compares the website stage per page with a plain '
        "`mkdocs build` of the same pages with Material's default template, in the same run "
        "(below 1: the guide's stage is faster per page; it renders languages in parallel)."
    )
    return "\n" + "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        help="synthetic guides of these many actors (default: 50 500 2000, none with --guide)",
    )
    parser.add_argument(
        "--guide",
        type=Path,
        metavar="FILE",
        help="measure this guide as it is (your actors.yaml), built on today's date; the "
        "one-actor edit adds a word to the French description of the first actor that has "
        "one (else to the first actor's name)",
    )
    parser.add_argument("--languages", type=int, default=len(LANGUAGES))
    parser.add_argument("--no-sample", action="store_true", help="skip the sample guide")
    parser.add_argument(
        "--outputs",
        type=int,
        nargs="*",
        metavar="SIZE",
        help="also build synthetic sizes with audio and PDFs: the sizes given, or every size "
        "when none is (the sample always is); hours at 2,000 actors on 2 cores",
    )
    parser.add_argument(
        "--communes",
        type=int,
        default=0,
        help="spread the synthetic places over this many communes (default: all in one)",
    )
    parser.add_argument(
        "--label", default="", help="added to the results' file names (a second run in a day)"
    )
    args = parser.parse_args(argv)
    languages = LANGUAGES[: args.languages]
    if args.guide is not None and not args.guide.is_file():
        parser.error(f"--guide {args.guide}: no such file")
    sizes = args.sizes if args.sizes is not None else [] if args.guide else [50, 500, 2000]
    results = []
    if not args.no_sample and args.guide is None:
        results.append(bench_size(None, LANGUAGES, outputs=True))
        print(table(results[-1:]), flush=True)
    if args.guide is not None:
        every = args.outputs is not None
        results.append(bench_size(None, [], outputs=every, guide=args.guide.resolve()))
        print(table(results[-1:]), flush=True)
    for size in sizes:
        every = args.outputs is not None and (not args.outputs or size in args.outputs)
        results.append(bench_size(size, languages, outputs=every, communes=args.communes))
        print(table(results[-1:]), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    label = args.label or (f"guide-{guide_name(args.guide)}" if args.guide else "")
    stamp = datetime.date.today().isoformat() + (f"-{label}" if label else "")
    report = {"machine": describe_machine(), "results": results}
    (RESULTS / f"{stamp}.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    machine = report["machine"]
    text = (
        f"# Benchmark {stamp}\n\nMachine: {machine['cpu']}, {machine['cores']} cores, "
        f"{machine['memory']}, Python {machine['python']}; code at {machine['commit']}.\n\n"
        f"## Website\n\n{table(results)}\n"
    )
    if every := outputs_table(results):
        text += f"\n## Every output (clips offline, PDFs)\n\n{every}\n"
    text += explain(results)
    (RESULTS / f"{stamp}.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
