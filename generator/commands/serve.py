"""`serve`: build, serve the site on localhost, and rebuild what changed when a source changes.

Watches actors.yaml, the templates (overrides/, print/), the editorial text (content/) and the
interface texts; each rebuild is incremental (only changed pages, clips and PDFs are made
again). A source with mistakes is reported and the last good site keeps being served.

The preview has no clips nor PDFs unless `--all`: it is built into its own folder
(.cache/preview/), never into site/, so a copy of site/ is always a whole site.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import signal
import sys
import threading
import time
from pathlib import Path

from generator.commands.common import DEFAULT_SITE, add_source_options, print_problems, today_of
from generator.errors import GuideError, ValidationFailed

PREVIEW_SITE = Path(".cache") / "preview"
WATCHED = ("overrides", "content", "print", "generator/i18n", "mkdocs.yml")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help="preview on http://localhost:8000, rebuilding what changed"
    )
    add_source_options(parser)
    parser.add_argument(
        "--site-dir",
        type=Path,
        default=PREVIEW_SITE,
        metavar="DIR",
        help=f"where to build the preview (default: {PREVIEW_SITE}/; site/ only with --all)",
    )
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--all", action="store_true", help="also make audio clips and PDFs (slower)"
    )
    parser.add_argument("--interval", type=float, default=1.0, help=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def snapshot(paths: list[Path]) -> dict[Path, tuple[int, int]]:
    """The modification time (in ns) and size of every file under `paths`."""
    times: dict[Path, tuple[int, int]] = {}
    for path in paths:
        files = [path] if path.is_file() else path.rglob("*") if path.is_dir() else []
        for file in files:
            if file.is_file():
                stat = file.stat()
                times[file] = (stat.st_mtime_ns, stat.st_size)
    return times


def rebuild(args: argparse.Namespace) -> bool:
    """One incremental build; mistakes are printed, the served site stays as it was."""
    from generator.build import BuildOptions, build_guide_site

    options = BuildOptions(audio=args.all, prints=args.all, offline=True)
    # The preview in .cache/preview/ shares .cache/ (clips, pages) with the real builds.
    site, shared = args.site_dir.resolve(), PREVIEW_SITE.parent.resolve()
    cache = shared if site.is_relative_to(shared) else site.parent / ".cache"
    try:
        report = build_guide_site(
            args.source, args.site_dir, today_of(args), cache_dir=cache, options=options
        )
    except ValidationFailed as failure:
        print_problems(failure.problems, str(args.source))
        print("Not rebuilt: fix the file; the preview shows the last good version.")
        return False
    except GuideError as error:
        print(f"error: {error}")
        return False
    print(report.summary())
    return True


def stop_on_terminate(signum: int, frame: object) -> None:
    """Turn SIGTERM into the same clean stop as Ctrl+C."""
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    if not args.all and args.site_dir.resolve() == DEFAULT_SITE.resolve():
        raise GuideError(
            f"serve without --all makes a preview without audio nor PDFs: it does not write it"
            f" into {DEFAULT_SITE}/, which must stay a whole site to publish — leave out"
            f" --site-dir (the preview goes to {PREVIEW_SITE}/), or add --all"
        )
    # A preview's messages must reach a pipe (an editor's IDE, a test) as they are printed.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(line_buffering=True)
    signal.signal(signal.SIGTERM, stop_on_terminate)
    project = Path(__file__).resolve().parents[2]
    watched = [args.source, *(project / name for name in WATCHED)]
    # The snapshot is taken before each build: a file saved during a build triggers another one.
    seen = snapshot(watched)
    rebuild(args)
    args.site_dir.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(args.site_dir.resolve())
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving {args.site_dir}/ on http://127.0.0.1:{args.port}/ — Ctrl+C to stop.")
    try:
        while True:
            time.sleep(args.interval)
            now = snapshot(watched)
            if now != seen:
                changed = sorted(
                    {p.name for p in set(now) ^ set(seen)}
                    | {p.name for p in now if p in seen and now[p] != seen[p]}
                )
                print(f"Changed: {', '.join(changed)} — rebuilding…")
                seen = now
                rebuild(args)
    except KeyboardInterrupt:
        print("stopped")
    finally:
        server.shutdown()
    return 0
