#!/usr/bin/env python3
"""Build QuoteCoder's installers.

Run with the Python of a build environment that has QuoteCoder (non-editable)
and PyInstaller installed::

    python3.11 -m venv /work/build-venv
    /work/build-venv/bin/pip install /path/to/quotecoder pyinstaller
    /work/build-venv/bin/python packaging/build.py            # development build
    /work/build-venv/bin/python packaging/build.py --release  # what CI ships

Steps: PyInstaller builds the one-folder bundle ``dist/quotecoder`` from
``packaging/quotecoder.spec``; then, per platform,

* Linux: ``quotecoder_<version>_<arch>.deb`` (dpkg-deb; Depends computed from
  what the bundle links) and ``quotecoder-<version>-linux-<arch>.tar.gz``;
* Windows: ``QuoteCoder-Setup.exe`` (Inno Setup, packaging/windows/quotecoder.iss);
* macOS: ``QuoteCoder.app`` in ``QuoteCoder-<version>-macos.dmg`` (hdiutil).

Everything lands in ``dist/installers/``; the sizes are printed at the end.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "quotecoder.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
INSTALLERS = DIST / "installers"
BUNDLE = DIST / "quotecoder"
ICON_PNG = ROOT / "resources" / "icons" / "quotecoder.png"

NAME = "quotecoder"
DISPLAY_NAME = "QuoteCoder"
MAINTAINER = "The QuoteCoder team <quotecoder@users.noreply.github.com>"
SUMMARY = "code quoted sources, speakers and stances in news coverage"
DESCRIPTION = """\
QuoteCoder helps media researchers code the quoted sources in news coverage:
who is quoted, how (direct, indirect or mixed quote), and what stance each
quote takes. It imports articles, pre-tags named entities and attributed
quotes with spaCy, and saves every coding action to a SQLite database.
This package ships a self-contained bundle (Python, Qt, spaCy and the English
pipeline) in /opt/quotecoder."""

# Libraries the Qt xcb platform plugin (and Qt's GUI) need, with their Debian packages.
# Used when the build machine lacks one (dpkg -S cannot then name its package) and to make
# sure the runtime needs of the xcb plugin are declared even if the plugin is dlopen()ed.
KNOWN_PACKAGES = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-present.so.0": "libxcb-present0",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libz.so.1": "zlib1g",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
}
# Declared whatever the scan finds: the xcb platform plugin needs them at run time.
ALWAYS_DEPENDS = ["libgl1", "libegl1", "libxkbcommon0", "libxkbcommon-x11-0", "libfontconfig1",
                  "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-shape0",
                  "libxcb-xinerama0", "libxcb-randr0", "libxcb-render-util0", "libxcb-image0"]
# The C library and the dynamic loader are declared through libc6 (>= max GLIBC_ version).
LIBC_SONAMES = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1",
                "libutil.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "libresolv.so.2",
                "libanl.so.1", "libcrypt.so.1"}


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    log("$ " + " ".join(str(c) for c in cmd))
    return subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def version() -> str:
    text = (ROOT / "desktop" / "quotecoder" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.M)
    if not match:
        raise SystemExit("cannot find __version__ in desktop/quotecoder/__init__.py")
    return match.group(1)


def tree_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def human(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MiB"


# --------------------------------------------------------------------------------------------
# PyInstaller


def make_icns() -> None:
    """macOS: packaging/macos/quotecoder.icns from the 256 px PNG (sips + iconutil)."""
    iconset = WORK / "quotecoder.iconset"
    shutil.rmtree(iconset, ignore_errors=True)
    iconset.mkdir(parents=True)
    for size in (16, 32, 64, 128, 256, 512):
        for scale in (1, 2):
            px = size * scale
            suffix = "" if scale == 1 else "@2x"
            run(["sips", "-z", px, px, ICON_PNG, "--out", iconset / f"icon_{size}x{size}{suffix}.png"],
                stdout=subprocess.DEVNULL)
    out = PACKAGING / "macos" / "quotecoder.icns"
    out.parent.mkdir(parents=True, exist_ok=True)
    run(["iconutil", "-c", "icns", iconset, "-o", out])


def build_bundle(slim: str | None) -> float:
    if sys.platform == "darwin":
        make_icns()
    env = dict(os.environ)
    if slim is not None:
        env["QUOTECODER_SLIM"] = slim
    started = time.monotonic()
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", DIST, "--workpath", WORK, SPEC], env=env, cwd=ROOT)
    return time.monotonic() - started


# --------------------------------------------------------------------------------------------
# Linux: .deb and .tar.gz


def elf_files(root: Path) -> list[Path]:
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as fh:
            if fh.read(4) == b"\x7fELF":
                found.append(path)
    return found


def scan_elf(path: Path) -> tuple[list[str], set[str]]:
    """(NEEDED sonames, GLIBC_x.y versions required) of one ELF file, via objdump -p."""
    out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True).stdout
    needed = re.findall(r"^\s+NEEDED\s+(\S+)", out, re.M)
    glibc = set(re.findall(r"\bGLIBC_(\d+(?:\.\d+)+)\b", out))
    return needed, glibc


def ldconfig_map() -> dict[str, str]:
    out = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True).stdout
    machine = platform.machine()
    wanted = {"x86_64": "x86-64", "aarch64": "AArch64"}.get(machine, "")
    paths: dict[str, str] = {}
    for line in out.splitlines():
        match = re.match(r"\s+(\S+) \(([^)]*)\) => (\S+)", line)
        if match and (not wanted or wanted in match.group(2)) and match.group(1) not in paths:
            paths[match.group(1)] = match.group(3)
    return paths


def dpkg_owner(path: str) -> str | None:
    """The Debian package that owns a library file (trying the /usr-merged spellings too)."""
    real = os.path.realpath(path)
    candidates = []
    for p in (path, real):
        candidates += [p]
        if p.startswith("/usr/lib/"):
            candidates.append(p[len("/usr"):])
        elif p.startswith("/lib/"):
            candidates.append("/usr" + p)
    for candidate in dict.fromkeys(candidates):
        res = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if res.returncode == 0:
            first = res.stdout.splitlines()[0]
            package = first.split(":", 1)[0].split(",")[0].strip()
            return package
    return None


def version_key(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in v.split("."))


def compute_depends(bundle: Path) -> tuple[list[str], dict]:
    """Debian Depends for the bundle: what its ELF files link that the bundle does not hold."""
    files = elf_files(bundle)
    inside = {p.name for p in bundle.rglob("*")}
    needed: dict[str, set[str]] = {}
    glibc: set[str] = set()
    for path in files:
        names, versions = scan_elf(path)
        glibc |= versions
        for name in names:
            if name not in inside:
                needed.setdefault(name, set()).add(str(path.relative_to(bundle)))
    libs = ldconfig_map()
    packages: dict[str, set[str]] = {}
    unresolved = []
    for soname in sorted(needed):
        if soname in LIBC_SONAMES:
            continue
        package = None
        if soname in libs:
            package = dpkg_owner(libs[soname])
        package = package or KNOWN_PACKAGES.get(soname)
        if package is None:
            unresolved.append(soname)
            continue
        packages.setdefault(package, set()).add(soname)
    glibc_min = max(glibc, key=version_key) if glibc else None
    depends = [f"libc6 (>= {glibc_min})" if glibc_min else "libc6"]
    names = sorted((set(packages) | set(ALWAYS_DEPENDS)) - {"libc6"})
    depends += names
    report = {"elf_files": len(files), "needed": needed, "packages": packages,
              "unresolved": unresolved, "glibc": glibc_min}
    for soname in unresolved:
        users = ", ".join(sorted(needed[soname])[:3])
        log(f"warning: no Debian package found for {soname} (needed by {users})")
    return depends, report


def installed_size_kib(root: Path) -> int:
    """Installed-Size as dpkg-gencontrol counts it: file sizes rounded up to KiB, 1 per other entry."""
    total = 0
    for path in root.rglob("*"):
        if path.relative_to(root).parts[0] == "DEBIAN":
            continue
        if path.is_file() and not path.is_symlink():
            total += -(-path.stat().st_size // 1024)
        else:
            total += 1
    return total


def normalise_modes(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        if path.is_dir() or mode & stat.S_IXUSR:
            path.chmod(0o755)
        else:
            path.chmod(0o644)


DESKTOP_ENTRY = f"""\
[Desktop Entry]
Type=Application
Name={DISPLAY_NAME}
GenericName=Quote coding
Comment=Code quoted sources, speakers and stances in news articles
Exec=/usr/bin/{NAME}
Icon={NAME}
Terminal=false
Categories=Office;Qt;
Keywords=news;quotes;content analysis;annotation;coding;
StartupWMClass={DISPLAY_NAME}
"""

POSTINST = """\
#!/bin/sh
set -e
if [ "$1" = "configure" ]; then
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
exit 0
"""

POSTRM = """\
#!/bin/sh
set -e
if [ "$1" = "remove" ] || [ "$1" = "purge" ]; then
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
exit 0
"""


def deb_arch() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()


def build_deb(ver: str, release: bool) -> Path:
    arch = deb_arch()
    stage = ROOT / "build" / "deb" / f"{NAME}_{ver}_{arch}"
    shutil.rmtree(stage, ignore_errors=True)
    (stage / "DEBIAN").mkdir(parents=True)
    log(f"staging the .deb in {stage}")
    shutil.copytree(BUNDLE, stage / "opt" / NAME, symlinks=True)
    (stage / "usr" / "bin").mkdir(parents=True)
    os.symlink(f"/opt/{NAME}/{NAME}", stage / "usr" / "bin" / NAME)
    apps = stage / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    (apps / f"{NAME}.desktop").write_text(DESKTOP_ENTRY, encoding="utf-8")
    icons = stage / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps"
    icons.mkdir(parents=True)
    shutil.copy2(ICON_PNG, icons / f"{NAME}.png")
    doc = stage / "usr" / "share" / "doc" / NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "QuoteCoder is distributed under the MIT license.\n"
        f"The bundle in /opt/{NAME} also contains Python, Qt (LGPLv3), spaCy and its English\n"
        "pipeline (MIT), numpy, scipy and other libraries under their own licenses; see\n"
        f"/opt/{NAME}/_internal/*.dist-info and the DejaVu fonts' LICENSE-DejaVu.txt.\n",
        encoding="utf-8")

    depends, report = compute_depends(BUNDLE)
    log(f"scanned {report['elf_files']} ELF files; max GLIBC_ {report['glibc']}; "
        f"{len(report['needed'])} system sonames -> {len(depends)} Depends")
    for package, sonames in sorted(report["packages"].items()):
        log(f"  {package}: {', '.join(sorted(sonames))}")

    normalise_modes(stage)
    for script, text in (("postinst", POSTINST), ("postrm", POSTRM)):
        path = stage / "DEBIAN" / script
        path.write_text(text, encoding="utf-8")
        path.chmod(0o755)
    description = "\n".join(" " + (line if line.strip() else ".") for line in DESCRIPTION.splitlines())
    control = (
        f"Package: {NAME}\n"
        f"Version: {ver}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_size_kib(stage)}\n"
        f"Depends: {', '.join(depends)}\n"
        "Section: science\n"
        "Priority: optional\n"
        f"Description: {SUMMARY}\n{description}\n"
    )
    (stage / "DEBIAN" / "control").write_text(control, encoding="utf-8")
    (stage / "DEBIAN" / "control").chmod(0o644)
    log("control file:\n" + control)

    INSTALLERS.mkdir(parents=True, exist_ok=True)
    out = INSTALLERS / f"{NAME}_{ver}_{arch}.deb"
    compression = ["-Zxz", "-z9"] if release else ["-Zgzip", "-z1"]
    started = time.monotonic()
    run(["dpkg-deb", "--root-owner-group", *compression, "--build", stage, out])
    log(f"dpkg-deb took {time.monotonic() - started:.0f} s")
    shutil.rmtree(stage, ignore_errors=True)
    return out


def build_tarball(ver: str, release: bool) -> Path:
    INSTALLERS.mkdir(parents=True, exist_ok=True)
    out = INSTALLERS / f"{NAME}-{ver}-linux-{platform.machine()}.tar.gz"
    log(f"writing {out.name}")

    def reset(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(out, "w:gz", compresslevel=9 if release else 1) as tar:
        tar.add(BUNDLE, arcname=f"{NAME}-{ver}", filter=reset)
    return out


# --------------------------------------------------------------------------------------------
# Windows: Inno Setup


def find_iscc() -> str:
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return found
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles"),
                 os.environ.get("LOCALAPPDATA", "") + "\\Programs"):
        if base:
            candidate = Path(base) / "Inno Setup 6" / "ISCC.exe"
            if candidate.exists():
                return str(candidate)
    raise SystemExit("Inno Setup's ISCC.exe not found (choco install innosetup)")


def build_windows(ver: str, release: bool) -> Path:
    INSTALLERS.mkdir(parents=True, exist_ok=True)
    iss = PACKAGING / "windows" / "quotecoder.iss"
    run([find_iscc(), f"/DAppVersion={ver}", f"/DSourceDir={BUNDLE}", f"/DOutputDir={INSTALLERS}",
         f"/DRepoRoot={ROOT}", f"/DCompression={'lzma2/max' if release else 'zip/1'}", iss])
    return INSTALLERS / "QuoteCoder-Setup.exe"


# --------------------------------------------------------------------------------------------
# macOS: .app in a .dmg


def build_macos(ver: str, release: bool) -> Path:
    app = DIST / "QuoteCoder.app"
    if not app.is_dir():
        raise SystemExit(f"{app} missing: the spec builds it on macOS")
    INSTALLERS.mkdir(parents=True, exist_ok=True)
    stage = ROOT / "build" / "dmg"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    run(["ditto", app, stage / "QuoteCoder.app"])
    os.symlink("/Applications", stage / "Applications")
    out = INSTALLERS / f"QuoteCoder-{ver}-macos-{platform.machine()}.dmg"
    out.unlink(missing_ok=True)
    run(["hdiutil", "create", "-volname", DISPLAY_NAME, "-srcfolder", stage, "-ov",
         "-format", "UDZO" if release else "UDRO", out])
    shutil.rmtree(stage, ignore_errors=True)
    return out


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--release", action="store_true",
                        help="release compression (xz for .deb, lzma2 for Setup.exe, UDZO .dmg)")
    parser.add_argument("--skip-bundle", action="store_true",
                        help="reuse dist/quotecoder from an earlier run instead of running PyInstaller")
    parser.add_argument("--bundle-only", action="store_true", help="stop after PyInstaller")
    parser.add_argument("--no-tarball", action="store_true", help="Linux: skip the .tar.gz")
    parser.add_argument("--slim", metavar="GROUPS",
                        help="QUOTECODER_SLIM for the spec: all (default), none, or a comma list")
    args = parser.parse_args(argv)

    ver = version()
    log(f"QuoteCoder {ver} on {sys.platform}/{platform.machine()}, Python {platform.python_version()}, "
        f"{'release' if args.release else 'development'} build")
    if not args.skip_bundle:
        took = build_bundle(args.slim)
        log(f"PyInstaller took {took:.0f} s")
    if not BUNDLE.is_dir():
        raise SystemExit(f"{BUNDLE} missing")
    outputs: list[Path] = []
    if not args.bundle_only:
        if sys.platform.startswith("linux"):
            outputs.append(build_deb(ver, args.release))
            if not args.no_tarball:
                outputs.append(build_tarball(ver, args.release))
        elif sys.platform == "win32":
            outputs.append(build_windows(ver, args.release))
        elif sys.platform == "darwin":
            outputs.append(build_macos(ver, args.release))
        else:
            raise SystemExit(f"no installer for {sys.platform}")

    print()
    print("Sizes:")
    print(f"  bundle   {human(tree_size(BUNDLE)):>12}  {BUNDLE.relative_to(ROOT)}/")
    if sys.platform == "darwin" and (DIST / "QuoteCoder.app").is_dir():
        print(f"  app      {human(tree_size(DIST / 'QuoteCoder.app')):>12}  dist/QuoteCoder.app/")
    for out in outputs:
        print(f"  {out.suffix.lstrip('.') if not out.name.endswith('.tar.gz') else 'tar.gz':<8} "
              f"{human(out.stat().st_size):>12}  {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
