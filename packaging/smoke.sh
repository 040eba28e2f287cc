#!/usr/bin/env bash
# Smoke test of the Linux installer, run by hand as root on a Debian/Ubuntu machine
# (not part of the normal test run):
#
#   bash packaging/smoke.sh            # builds the .deb with packaging/build.py first
#   SKIP_BUILD=1 bash packaging/smoke.sh   # reuse dist/installers/quotecoder_*.deb
#
# It installs the .deb, runs the installed `quotecoder` (--version, import, pretag,
# export if it exists), opens the GUI under Xvfb (with the system fonts, then with
# fontconfig seeing no system fonts at all), measures start-to-window time, saves
# packaging/smoke-screenshot.png, then removes the package and checks /opt/quotecoder
# is gone. Exits non-zero on any failure.
#
# Environment: PYTHON (the build venv's python, default /work/build-venv/bin/python),
# BUILD_ARGS (extra build.py arguments, e.g. --release), WINDOW_TIMEOUT (s, default 60).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
PYTHON="${PYTHON:-/work/build-venv/bin/python}"
WINDOW_TIMEOUT="${WINDOW_TIMEOUT:-60}"
SCREENSHOT="$HERE/smoke-screenshot.png"
SCREENSHOT_NOFONTS="$HERE/smoke-screenshot-nofonts.png"
TMP="$(mktemp -d /tmp/quotecoder-smoke.XXXXXX)"
APP_PID=""
XVFB_PID=""

step() { printf '\n=== %s\n' "$*"; }
fail() { printf 'SMOKE FAILED: %s\n' "$*" >&2; exit 1; }

cleanup() {
    [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
    [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || fail "run as root (dpkg -i / dpkg -r)"

step "tools"
export DEBIAN_FRONTEND=noninteractive
need=()
for tool in Xvfb:xvfb xauth:xauth xdotool:xdotool import:imagemagick objdump:binutils; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool#*:}")
done
# `import` may be a stand-in that cannot grab the screen: make sure the real ImageMagick is there.
dpkg -s imagemagick >/dev/null 2>&1 || need+=(imagemagick)
if [ "${#need[@]}" -gt 0 ]; then
    apt-get update -q
    apt-get install -y -q "${need[@]}" libxcb-icccm4 libxcb-keysyms1 fonts-dejavu-core
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    step "build the .deb (packaging/build.py ${BUILD_ARGS:-})"
    [ -x "$PYTHON" ] || fail "no build python at $PYTHON (set PYTHON=...)"
    # shellcheck disable=SC2086
    "$PYTHON" "$HERE/build.py" ${BUILD_ARGS:-}
fi
DEB="$(ls -t "$ROOT"/dist/installers/quotecoder_*.deb 2>/dev/null | head -n1)"
[ -n "$DEB" ] || fail "no .deb in dist/installers"
echo "package: $DEB ($(du -h "$DEB" | cut -f1))"
dpkg-deb --info "$DEB" | sed -n '/Package:/,/Description:/p'

step "install"
if dpkg -s quotecoder >/dev/null 2>&1; then dpkg -r quotecoder; fi
if ! dpkg -i "$DEB"; then
    apt-get install -f -y -q || fail "apt-get install -f"
fi
dpkg -s quotecoder | grep -q '^Status: install ok installed' || fail "quotecoder not installed"
[ -x /opt/quotecoder/quotecoder ] || fail "/opt/quotecoder/quotecoder missing"
[ -f /usr/share/applications/quotecoder.desktop ] || fail "desktop entry missing"
[ -f /usr/share/icons/hicolor/256x256/apps/quotecoder.png ] || fail "icon missing"
if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate /usr/share/applications/quotecoder.desktop || fail "desktop entry invalid"
fi
QC="$(command -v quotecoder)" || fail "quotecoder not on PATH"
# Every library of the installed bundle resolves (bundle first, as the bootloader arranges).
missing="$(find /opt/quotecoder -type f \( -name '*.so' -o -name '*.so.*' \) -print0 \
    | LD_LIBRARY_PATH=/opt/quotecoder/_internal xargs -0 -n 50 ldd 2>/dev/null | grep 'not found' | sort -u || true)"
[ -z "$missing" ] || { echo "$missing"; fail "libraries of the installed bundle do not resolve"; }
echo "ldd: every library of the bundle resolves"
echo "on PATH: $QC -> $(readlink -f "$QC")"
# Run everything from a folder outside the checkout so nothing comes from the source tree.
cd "$TMP"

step "quotecoder --version"
out="$(quotecoder --version)"; echo "$out"
[[ "$out" == QuoteCoder\ * ]] || fail "unexpected --version output"

SAMPLES=/opt/quotecoder/_internal/quotecoder/resources/samples
[ -d "$SAMPLES" ] || fail "samples missing from the bundle ($SAMPLES)"

step "quotecoder import (the bundled sample articles)"
start=$(date +%s.%N)
quotecoder import "$SAMPLES"/*.txt --db "$TMP/import.db" || fail "import failed"
echo "import took $(echo "$(date +%s.%N) - $start" | bc) s"
python3 - "$TMP/import.db" <<'PY' || fail "import stored nothing"
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in con.execute("select name from sqlite_master where type='table'")]
counts = {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}
print("tables:", counts)
assert counts.get("articles", 0) >= 10, counts
PY

step "quotecoder pretag --jsonl"
quotecoder pretag "$SAMPLES"/0[1-3]*.txt --jsonl > "$TMP/pretag.jsonl" || fail "pretag failed"
python3 - "$TMP/pretag.jsonl" <<'PY' || fail "pretag output is not JSON lines"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
assert len(lines) == 3, len(lines)
print(f"{len(lines)} JSON lines; keys of the first: {sorted(lines[0])}")
PY

step "quotecoder export"
if quotecoder --help | grep -qw export; then
    out_flag=--out
    quotecoder export --help | grep -q -- '--out ' || out_flag=--output
    quotecoder export --db "$TMP/import.db" "$out_flag" "$TMP/export.csv" || fail "export failed"
    [ -s "$TMP/export.csv" ] || fail "export wrote nothing"
    echo "export.csv: $(wc -l < "$TMP/export.csv") lines; head:"; head -n 3 "$TMP/export.csv" | cut -c1-200
    if quotecoder export --help | grep -q jsonl; then
        quotecoder export --db "$TMP/import.db" --format jsonl "$out_flag" "$TMP/export.jsonl" \
            || fail "export --format jsonl failed"
        echo "export.jsonl: $(wc -l < "$TMP/export.jsonl") lines"
    fi
else
    echo "SKIP: this build has no 'export' sub-command yet"
fi

# -- the GUI ---------------------------------------------------------------------------------
DISPLAY_NUM=97
export DISPLAY=":$DISPLAY_NUM"
gui_run() {  # gui_run LABEL SCREENSHOT [env...]: start the installed GUI, time it, screenshot it
    local label="$1" shot="$2"; shift 2
    local db="$TMP/gui-$label.db" log="$TMP/gui-$label.log"
    rm -f "$db" "$db.lock"
    local t0 t1 wid
    t0=$(date +%s.%N)
    env "$@" QT_QPA_PLATFORM=xcb quotecoder --db "$db" --coder smoke >"$log" 2>&1 &
    APP_PID=$!
    wid=""
    while [ -z "$wid" ]; do
        wid="$(xdotool search --onlyvisible --name 'QuoteCoder' 2>/dev/null | head -n1 || true)"
        if [ -z "$wid" ]; then
            kill -0 "$APP_PID" 2>/dev/null || { cat "$log"; fail "GUI ($label) exited before showing a window"; }
            if [ "$(echo "$(date +%s.%N) - $t0 > $WINDOW_TIMEOUT" | bc)" = 1 ]; then
                cat "$log"; fail "no QuoteCoder window within ${WINDOW_TIMEOUT}s ($label)"
            fi
            sleep 0.05
        fi
    done
    t1=$(date +%s.%N)
    echo "GUI ($label): window '$(xdotool getwindowname "$wid")' mapped $(echo "$t1 - $t0" | bc) s after start"
    mkdir -p "$ROOT/dist" && echo "start_to_window_$label=$(echo "$t1 - $t0" | bc)" >> "$ROOT/dist/smoke-times.txt"
    sleep "${SETTLE:-8}"   # let the background spaCy load and the samples import finish drawing
    kill -0 "$APP_PID" 2>/dev/null || { cat "$log"; fail "GUI ($label) died after showing its window"; }
    import -window root "$shot" || fail "screenshot failed"
    echo "screenshot: $shot"
    kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
    if grep -Ei 'Traceback|ModuleNotFoundError|ImportError|could not load the Qt platform plugin|E050|E052' "$log"; then
        fail "GUI ($label) logged errors (see above)"
    fi
    [ -s "$log" ] && { echo "--- GUI log ($label):"; cat "$log"; } || true
}

step "GUI under Xvfb (system fonts)"
Xvfb ":$DISPLAY_NUM" -screen 0 1280x800x24 -nolisten tcp >"$TMP/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done
gui_run fonts "$SCREENSHOT"

step "GUI under Xvfb (fontconfig sees no system fonts: only the bundled DejaVu)"
cat > "$TMP/nofonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$TMP/no-such-font-dir</dir><cachedir>$TMP/fc-cache</cachedir></fontconfig>
EOF
gui_run nofonts "$SCREENSHOT_NOFONTS" FONTCONFIG_FILE="$TMP/nofonts.conf"

kill "$XVFB_PID" 2>/dev/null || true; XVFB_PID=""

step "remove"
cd /
dpkg -r quotecoder
[ ! -e /opt/quotecoder ] || fail "/opt/quotecoder still there after dpkg -r"
[ ! -e /usr/bin/quotecoder ] || fail "/usr/bin/quotecoder still there after dpkg -r"
[ ! -e /usr/share/applications/quotecoder.desktop ] || fail "desktop entry still there after dpkg -r"

printf '\nSMOKE PASSED\n'
