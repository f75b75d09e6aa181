#!/usr/bin/env python3
"""Print the gzipped size of what a visitor downloads, and fail over budget.

Reads the built site (default: dist/), gzips every .wasm, .js, .css and .html
file at level 9 (close to what static hosts serve), prints one line per file
and the total, and exits 1 when the total exceeds the budget. Sizes are in
KiB (1 KB here = 1024 bytes).

Usage: size_budget.py [DIST_DIR] [--budget-kb N]
"""

import argparse
import gzip
import sys
from pathlib import Path

COUNTED = {".wasm", ".js", ".css", ".html"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", nargs="?", default="dist", type=Path)
    parser.add_argument("--budget-kb", type=float, default=350.0)
    parser.add_argument(
        "--target-kb",
        type=float,
        help="the size aimed for, when the budget is set above it for now; reported, not enforced",
    )
    args = parser.parse_args()

    if not args.dist.is_dir():
        print(f"size: {args.dist}/ does not exist; run `make build` first", file=sys.stderr)
        return 1

    files = sorted(p for p in args.dist.rglob("*") if p.is_file() and p.suffix in COUNTED)
    if not files:
        print(f"size: no .wasm/.js/.css/.html files in {args.dist}/", file=sys.stderr)
        return 1
    if not any(p.suffix == ".wasm" for p in files):
        print(f"size: no .wasm file in {args.dist}/; is the build complete?", file=sys.stderr)
        return 1

    total = 0
    width = max(len(str(p.relative_to(args.dist))) for p in files)
    print(f"{'file':<{width}}  {'raw KB':>9}  {'gzip KB':>9}")
    for path in files:
        raw = path.read_bytes()
        zipped = len(gzip.compress(raw, compresslevel=9, mtime=0))
        total += zipped
        name = str(path.relative_to(args.dist))
        print(f"{name:<{width}}  {len(raw) / 1024:>9.1f}  {zipped / 1024:>9.1f}")
    print(f"{'total (gzip)':<{width}}  {'':>9}  {total / 1024:>9.1f}")

    budget = args.budget_kb * 1024
    if total > budget:
        print(
            f"size: FAIL: {total / 1024:.1f} KB gzipped is over the {args.budget_kb:.0f} KB budget. "
            "Look for new dependencies or large static data in the wasm.",
            file=sys.stderr,
        )
        return 1
    print(f"size: ok, {total / 1024:.1f} KB of {args.budget_kb:.0f} KB budget")
    if args.target_kb is not None and total > args.target_kb * 1024:
        print(f"size: {total / 1024 - args.target_kb:.1f} KB over the {args.target_kb:.0f} KB target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
