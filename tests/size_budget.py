#!/usr/bin/env python3
"""Print each page's first-load gzipped size, and fail when a page is over budget.

Every page of the site is its own build (index.html, present.html, compare.html,
embed.html): a visitor downloads one page's files, not the whole site. For each
HTML file in the built site (default: dist/) this reads what the page loads
before it is usable: the HTML itself, its stylesheets, its scripts (boot.js) and
the module and .wasm that boot.js imports (the script's data-js and data-wasm
attributes, see Trunk.toml's pattern_script). Each file is gzipped at level 9
(close to what static hosts serve). It prints the files of each page, then a
table with one line per page, and exits 1 when any page exceeds the budget.
Sizes are in KiB (1 KB here = 1024 bytes).

Usage: size_budget.py [DIST_DIR] [--budget-kb N] [--target-kb N]
"""

from __future__ import annotations

import argparse
import gzip
import sys
from html.parser import HTMLParser
from pathlib import Path


class Loads(HTMLParser):
    """The local files an HTML page loads on its first paint and start."""

    def __init__(self) -> None:
        super().__init__()
        self.files: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.add(attributes.get("href"))
        elif tag == "script":
            for name in ("src", "data-js", "data-wasm"):
                self.add(attributes.get(name))

    def add(self, url: str | None) -> None:
        # Relative to the site's directory (every page has <base href="./">); other origins and
        # data: URLs are not the site's files.
        if url and ":" not in url and not url.startswith("//"):
            self.files.append(url.removeprefix("./").split("?")[0].split("#")[0])


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", nargs="?", default="dist", type=Path)
    parser.add_argument("--budget-kb", type=float, default=350.0, help="the most any page may load")
    parser.add_argument(
        "--target-kb",
        type=float,
        help="the size aimed for, when the budget is set above it for now; reported, not enforced",
    )
    args = parser.parse_args()

    if not args.dist.is_dir():
        print(f"size: {args.dist}/ does not exist; run `make build` first", file=sys.stderr)
        return 1
    pages = sorted(args.dist.glob("*.html"))
    if not pages:
        print(f"size: no .html pages in {args.dist}/; is the build complete?", file=sys.stderr)
        return 1

    totals: dict[str, tuple[int, int]] = {}
    problems: list[str] = []
    for page in pages:
        loads = Loads()
        loads.feed(page.read_text(encoding="utf-8"))
        files = [page] + [args.dist / name for name in dict.fromkeys(loads.files)]
        missing = [f for f in files if not f.is_file()]
        if missing:
            problems.append(f"{page.name} loads {', '.join(str(f) for f in missing)}, which is not in the build")
            continue
        if not any(f.suffix == ".wasm" for f in files):
            problems.append(f"{page.name} loads no .wasm file; is the build complete?")
            continue
        width = max(len(f.name) for f in files)
        print(f"{page.name}\n  {'file':<{width}}  {'raw KB':>9}  {'gzip KB':>9}")
        raw_total = gz_total = 0
        for path in files:
            raw, zipped = path.stat().st_size, gzipped(path)
            raw_total += raw
            gz_total += zipped
            print(f"  {path.name:<{width}}  {raw / 1024:>9.1f}  {zipped / 1024:>9.1f}")
        print()
        totals[page.name] = (raw_total, gz_total)

    if problems:
        for problem in problems:
            print(f"size: {problem}", file=sys.stderr)
        return 1

    budget = args.budget_kb * 1024
    width = max(len("page"), *(len(name) for name in totals))
    header = f"{'page':<{width}}  {'raw KB':>9}  {'first load gzip KB':>18}  {'budget':>8}"
    if args.target_kb is not None:
        header += f"  {'over ' + format(args.target_kb, '.0f') + ' KB target':>20}"
    print(header)
    over_budget = []
    for name, (raw, zipped) in totals.items():
        line = f"{name:<{width}}  {raw / 1024:>9.1f}  {zipped / 1024:>18.1f}  "
        line += "ok" if zipped <= budget else "OVER"
        line = f"{line:<{width + 2 + 9 + 2 + 18 + 2 + 8}}"
        if args.target_kb is not None:
            over = zipped / 1024 - args.target_kb
            line += f"  {f'{over:.1f} KB' if over > 0 else 'within':>20}"
        print(line)
        if zipped > budget:
            over_budget.append(name)

    if over_budget:
        print(
            f"size: FAIL: {', '.join(over_budget)} over the {args.budget_kb:.0f} KB budget per page. "
            "Look for new dependencies or large static data in the wasm, or code of another page "
            "linked in.",
            file=sys.stderr,
        )
        return 1
    largest = max(zipped for _, zipped in totals.values())
    print(f"size: ok, every page within the {args.budget_kb:.0f} KB budget (largest {largest / 1024:.1f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
