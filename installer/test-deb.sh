#!/usr/bin/env bash
# Smoke test of the Linux installer, as a user gets it.
#
#   installer/test-deb.sh [--build] [--no-install] [FILE.deb]
#
# FILE.deb defaults to the newest target/installer/nodulescope_*.deb; --build (or no .deb at all)
# makes one first with installer/package.sh. Then:
#   1. its contents: launcher, runtime, class path, demo scan, desktop entry, icon, dependencies;
#   2. unpacked into a scratch root (dpkg -x): --version, the headless demo, info on the demo
#      scan, iqa with the bundled BRISQUE model, and libtorch loaded with no network and an empty
#      native-library cache (DJL unpacks it from the jar, never downloads);
#   3. unless --no-install (needs root and apt-get): installed with apt-get (which brings GTK),
#      run as `nodulescope`, checked to own nothing outside its folder (so a user's settings and
#      recent files under their home survive), upgraded by a newer version, and removed;
#   4. when the program has the viewer, opened under Xvfb on the shipped demo scan: the window
#      must be saved as a screenshot once the first slice is drawn (timed).
# Prints each step's time and ends with "N passed, N failed". Exit 0 only when all passed.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build=false
install=true
deb=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=true ;;
    --no-install) install=false ;;
    -h|--help) sed -n '2,17s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "test-deb: unknown option $1" >&2; exit 2 ;;
    *) deb="$1" ;;
  esac
  shift
done

passed=0
failed=0
t0="$(date +%s)"
ok() { passed=$((passed + 1)); echo "  ok    $*"; }
bad() { failed=$((failed + 1)); echo "  FAIL  $*"; }
check() { # check "what" command...
  local what="$1"; shift
  if "$@" >/tmp/test-deb.out 2>&1; then ok "$what"; else bad "$what"; sed 's/^/        /' /tmp/test-deb.out | tail -15; fi
}
step() { echo "== $* ($(( $(date +%s) - t0 )) s)"; }
now_ms() { date +%s%3N; }

if $build || { [ -z "$deb" ] && ! ls "$root"/target/installer/nodulescope_*.deb >/dev/null 2>&1; }; then
  step "building the installer"
  t_build="$(date +%s)"
  "$root/installer/package.sh" --type app-image --type deb || { echo "test-deb: the build failed" >&2; exit 1; }
  echo "  installer built in $(( $(date +%s) - t_build )) s"
fi
[ -n "$deb" ] || deb="$(ls -t "$root"/target/installer/nodulescope_*.deb | head -1)"
[ -f "$deb" ] || { echo "test-deb: no such file: $deb" >&2; exit 2; }
deb="$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"
echo "test-deb: $deb ($(du -h "$deb" | cut -f1))"

scratch="$(mktemp -d /tmp/nodulescope-deb-test.XXXXXX)"
installed=false
touched=false
cleanup() {
  if $installed || $touched; then
    dpkg -P nodulescope >/dev/null 2>&1 || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# --- 1. contents ---------------------------------------------------------------------------
step "contents"
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$scratch/contents"
has() { grep -q -- "$1" "$scratch/contents"; }
check "launcher /opt/nodulescope/bin/NoduleScope" has '^/opt/nodulescope/bin/NoduleScope$'
check "bundled Java runtime" has '^/opt/nodulescope/lib/runtime/lib/server/libjvm.so$'
check "CPU libtorch on the class path" has '^/opt/nodulescope/lib/app/lib/pytorch-native-cpu-.*\.jar$'
check "JavaFX for Linux on the class path" has '^/opt/nodulescope/lib/app/lib/javafx-graphics-.*-linux\.jar$'
check "demo scan (LUNA16 layout)" has '^/opt/nodulescope/lib/app/demo/subset0/.*\.mhd$'
check "demo lung mask and annotations" has '^/opt/nodulescope/lib/app/demo/annotations\.csv$'
check "desktop entry" has '^/opt/nodulescope/lib/nodulescope-NoduleScope\.desktop$'
check "icon" has '^/opt/nodulescope/lib/NoduleScope\.png$'
check "licence notices" has '^/opt/nodulescope/lib/app/licences/BRISQUE-NOTICE$'
if has '^/opt/nodulescope/lib/app/models/demo/parameters\.bin$'; then
  ok "demo model models/demo"
else
  echo "  note  no demo model inside (models/demo was absent at build time)"
fi
control="$(dpkg-deb -f "$deb" Depends)"
check "depends on GTK 3 (the viewer) and xdg-utils (menu entry)" \
  bash -c "grep -q 'libgtk-3-0' <<<'$control' && grep -q 'xdg-utils' <<<'$control'"
size_mb=$(( $(stat -c %s "$deb") / 1024 / 1024 ))
check "installer under 400 MB (${size_mb} MB)" test "$size_mb" -lt 400

# --- 2. unpacked into a scratch root -------------------------------------------------------
step "unpacked into a scratch root (dpkg -x)"
dpkg -x "$deb" "$scratch/root"
app="$scratch/root/opt/nodulescope"
launcher="$app/bin/NoduleScope"
scan="$(ls "$app"/lib/app/demo/subset0/*.mhd | head -1)"
version="$(dpkg-deb -f "$deb" Version)"
check "--version names the version and the commit" \
  bash -c "'$launcher' --version | tee /dev/stderr | grep -Eq '^NoduleScope ${version}.* \\(commit ([0-9a-f]{10}|unknown),'"
check "the headless demo runs" bash -c "'$launcher' demo --size 128 | grep -q 'Planted nodules'"
if grep -q 'AOTCache=' "$app/lib/app/NoduleScope.cfg"; then
  # the class cache made at build time is valid for the files as dpkg writes them (it checks
  # their timestamps): the JVM's own log says it mapped it
  check "the AOT class cache is used (unpacked copy)" bash -c "JAVA_TOOL_OPTIONS='-Xlog:aot=info:file=$scratch/aot-x.log' '$launcher' --version >/dev/null 2>&1; grep -q 'Opened AOT cache' '$scratch/aot-x.log' && ! grep -Eq 'mismatch|has changed|failed' '$scratch/aot-x.log'"
fi
t_info="$(now_ms)"
check "info loads the demo scan" bash -c "'$launcher' info '$scan' | grep -q 'Load time'"
echo "        cold start to a loaded demo scan, headless: $(( $(now_ms) - t_info )) ms"
check "iqa scores BRISQUE with the bundled LIVE model" \
  bash -c "'$launcher' iqa --data '$app/lib/app/demo' --out '$scratch/iqa' --slice-step 30 | grep -q 'BRISQUE: original.*bundled LIVE model'"
# No network, an empty cache: libtorch must come out of the jar, nothing from the internet.
cache="$scratch/djl-cache"
offline=()
if unshare -n true 2>/dev/null; then offline=(unshare -n); fi
t_torch="$(now_ms)"
check "libtorch loads ${offline[*]:+with no network }from the jar into an empty cache" \
  env ENGINE_CACHE_DIR="$cache" DJL_CACHE_DIR="$cache" "${offline[@]}" "$launcher" device
echo "        first libtorch load, unpacking $(du -sh "$cache" 2>/dev/null | cut -f1) to the cache: $(( $(now_ms) - t_torch )) ms"
check "the native library was unpacked to the cache, not fetched" \
  bash -c "ls '$cache'/pytorch/*/libtorch_cpu.so"

# --- 3. installed with apt-get, upgraded, removed ------------------------------------------
if $install; then
  step "installed with apt-get"
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "  note  skipped: installing needs root and apt-get (use --no-install)"
  else
    if dpkg-query -W -f '${Status}' nodulescope 2>/dev/null | grep -q ' installed$'; then
      echo "test-deb: nodulescope is already installed here; remove it first (dpkg -r nodulescope)" >&2
      exit 1
    fi
    t_apt="$(date +%s)"
    touched=true
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >"$scratch/apt.log" 2>&1 \
        || { apt-get update -q >/dev/null 2>&1 \
             && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >"$scratch/apt.log" 2>&1; }; then
      installed=true
      ok "apt-get install ($(( $(date +%s) - t_apt )) s, dependencies included)"
    else
      bad "apt-get install"; tail -20 "$scratch/apt.log"
    fi
  fi
  if $installed; then
    check "nodulescope on PATH runs" bash -c "nodulescope --version | grep -q '^NoduleScope ${version}'"
    if grep -q 'AOTCache=' /opt/nodulescope/lib/app/NoduleScope.cfg; then
      check "the AOT class cache is used (installed)" bash -c "JAVA_TOOL_OPTIONS='-Xlog:aot=info:file=$scratch/aot-i.log' nodulescope --version >/dev/null 2>&1; grep -q 'Opened AOT cache' '$scratch/aot-i.log' && ! grep -Eq 'mismatch|has changed|failed' '$scratch/aot-i.log'"
    fi
    if [ -d /etc/xdg/menus ]; then
      check "menu entry installed" bash -c "ls /usr/share/applications/nodulescope-NoduleScope.desktop"
    else
      check "installs on a system without a desktop menu, saying so" \
        grep -q "no desktop menu on this system" "$scratch/apt.log"
    fi
    # Settings and recent files belong under the user's home, the libtorch cache too: the
    # package must own nothing but its folder, so an upgrade or a removal cannot touch them.
    check "the package owns nothing outside /opt/nodulescope" \
      bash -c "! dpkg -L nodulescope | grep -Ev '^(/opt/nodulescope(/.*)?|/opt|/\\.)\$' | grep -q ."
    step "upgraded by a newer version"
    next="$(awk -F. '{ printf "%d.%d.%d", $1, $2, $3 + 1 }' <<<"$version")"
    jp=""
    for j in "${JAVA_HOME:-/nonexistent}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
      if [ -x "$j/bin/jpackage" ]; then jp="$j/bin/jpackage"; break; fi
    done
    # package.sh leaves the app image the .deb was made from; repackaged under the next
    # version number it is the quickest newer version (an unpacked .deb is not an app image).
    image="$root/target/installer/image/NoduleScope"
    if [ -z "$jp" ] || [ ! -f "$image/lib/app/.jpackage.xml" ]; then
      echo "  note  upgrade skipped: it needs a JDK 21+ jpackage and the app image of package.sh"
    else
      t_up="$(date +%s)"
      if DPKG_DEB_COMPRESSOR_TYPE=gzip "$jp" --type deb --app-image "$image" --name NoduleScope \
          --app-version "$next" --linux-package-name nodulescope --linux-shortcut \
          --resource-dir "$root/installer/linux" --linux-deb-maintainer nodulescope@localhost \
          --linux-package-deps "libgtk-3-0t64 | libgtk-3-0, libgl1" \
          --dest "$scratch/next" >"$scratch/next.log" 2>&1 \
          && dpkg -i "$scratch"/next/nodulescope_"$next"_*.deb >"$scratch/upgrade.log" 2>&1; then
        ok "upgrade $version -> $next ($(( $(date +%s) - t_up )) s)"
        check "dpkg reports $next" bash -c "dpkg-query -W -f '\${Version}' nodulescope | grep -qx '$next'"
        check "the upgraded program runs from PATH" bash -c "nodulescope --version | grep -q '^NoduleScope'"
        if [ -d /etc/xdg/menus ]; then
          check "the menu entry is still there" bash -c "ls /usr/share/applications/nodulescope-NoduleScope.desktop"
        fi
      else
        bad "upgrade $version -> $next"; tail -20 "$scratch/next.log" "$scratch/upgrade.log" 2>/dev/null
      fi
    fi
  fi
fi

# --- 4. the viewer under Xvfb --------------------------------------------------------------
step "the viewer"
if ! "$launcher" --help 2>/dev/null | grep -Eq '^ +view\b'; then
  echo "  note  skipped: this build has no viewer yet ('view' is not among its commands)"
else
  if ! command -v xvfb-run >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q xvfb xauth >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null 2>&1 \
             && DEBIAN_FRONTEND=noninteractive apt-get install -y -q xvfb xauth >/dev/null 2>&1; }
    fi
  fi
  if ! command -v xvfb-run >/dev/null 2>&1; then
    bad "the viewer under Xvfb (xvfb-run is not installed and could not be)"
  else
    # The unpacked copy of the package under test (GTK came with apt-get or was there): the
    # installed one is by now the upgrade this script made from the app image, whose class
    # cache no longer matches its files. `view --screenshot` opens the window on the demo scan,
    # saves it once the slice, its lung mask and the model are there, and quits; the viewer's
    # own log line times the first slice (the JVM, JavaFX, the scan, the mask, the first frame).
    viewer="$launcher"
    shot="$root/target/installer/screenshot-xvfb.png"
    rm -f "$shot"
    userdemo="$(getent passwd "$(id -un)" | cut -d: -f6)/.nodulescope/demo"
    had_userdemo=false
    [ -e "$userdemo" ] && had_userdemo=true
    t_view="$(now_ms)"
    if xvfb-run -a -s "-screen 0 1600x1000x24" timeout 180 "$viewer" view --screenshot "$shot" \
        >"$scratch/gui.log" 2>&1 && [ -s "$shot" ]; then
      ok "the window opens on the demo scan under Xvfb ($(( $(now_ms) - t_view )) ms to the saved window, load $(cut -d' ' -f1 /proc/loadavg); target/installer/screenshot-xvfb.png)"
      # where the time went, as the viewer logged it (the first slice is the cold-start figure;
      # the saved window also waits for the model)
      grep -o 'startup (ms since the process started).*' "$scratch/gui.log" | sed 's/^/        /'
    else
      bad "the window opens on the demo scan under Xvfb"; grep -v WARNING "$scratch/gui.log" | tail -20
    fi
    if ! $had_userdemo; then
      check "it opened the shipped demo scan, generating none in the user's folder" \
        bash -c "! test -e '$userdemo'"
    fi
  fi
fi

# --- removal -------------------------------------------------------------------------------
if $installed; then
  step "removed"
  check "dpkg --purge nodulescope" dpkg -P nodulescope
  installed=false
  check "the nodulescope command went with it" bash -c "! test -e /usr/bin/nodulescope"
fi

echo "test-deb: $(( $(date +%s) - t0 )) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
