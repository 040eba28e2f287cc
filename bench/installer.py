"""Measure what each of packaging/quotecoder.spec's trimming groups saves.

Run with the build venv's Python (slow: one PyInstaller run per variant)::

    /work/build-venv/bin/python bench/installer.py                 # none, all, all-minus-each
    /work/build-venv/bin/python bench/installer.py none all all-spacy-langs

Each variant is built into /tmp/quotecoder-sizes/<variant>/ with QUOTECODER_SLIM=<variant>;
the table gives the bundle size and, for ``all-GROUP``, what GROUP saves on top of all
the others (size without it minus size with everything). The spec also prints, per build,
the MiB each file-filtering group dropped ("group X dropped N MiB").
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "quotecoder.spec"
OUT = Path(os.environ.get("QUOTECODER_SIZES_DIR", "/tmp/quotecoder-sizes"))
GROUPS = ("qt-modules", "qt-plugins", "qt-translations", "spacy-langs", "sources", "unused-python",
          "babel-locales", "system-libs", "debug-info")


def tree_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build(variant: str) -> tuple[int, dict[str, float]]:
    dist, work = OUT / variant / "dist", OUT / variant / "work"
    env = dict(os.environ, QUOTECODER_SLIM=variant)
    res = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                          "--distpath", str(dist), "--workpath", str(work), str(SPEC)],
                         env=env, cwd=ROOT, capture_output=True, text=True)
    (OUT / f"{variant}.log").write_text(res.stdout + res.stderr)
    if res.returncode:
        raise SystemExit(f"{variant}: PyInstaller failed, see {OUT / variant}.log")
    dropped = {m[0]: float(m[1]) for m in re.findall(r"group (\S+) dropped ([\d.]+) MiB", res.stdout + res.stderr)}
    return tree_size(dist / "quotecoder"), dropped


def main(variants: list[str]) -> int:
    variants = variants or ["none", "all", *(f"all-{g}" for g in GROUPS)]
    sizes = {}
    for variant in variants:
        sizes[variant], dropped = build(variant)
        print(f"{variant:<22} {sizes[variant] / 1048576:8.1f} MiB  filters: "
              + ", ".join(f"{k} {v:.1f}" for k, v in dropped.items()), flush=True)
    if "all" in sizes:
        print("\n| group | saves (MiB) |\n|---|---:|")
        for variant, size in sizes.items():
            if variant.startswith("all-"):
                print(f"| {variant[4:]} | {(size - sizes['all']) / 1048576:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
