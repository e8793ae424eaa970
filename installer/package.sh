#!/usr/bin/env bash
# Builds NoduleScope's installers with jpackage.
#
#   installer/package.sh [--type TYPE]... [--cuda] [--dest DIR] [--app-version X.Y.Z]
#   ./nodulescope package ...          (the same; the launcher finds the JDK first)
#
# TYPE is one of jpackage's: app-image, deb, rpm (Linux), msi, exe (Windows), dmg, pkg (macOS).
# Default: app-image and deb on Linux, app-image and msi on Windows, app-image and dmg on macOS.
# --cuda packs the CUDA 12.4 build of libtorch (Maven profile cuda, about 2.3 GB) instead of the
# CPU one. Installers land in DIR (default target/installer).
#
# What goes in: target/nodulescope.jar and its class path (target/lib, with libtorch's native
# library inside the pytorch-native jar), a Java runtime cut by jlink to the modules jdeps finds,
# the demo scan made now by the phantom generator (assets/demo-scan.recipe), the demo model
# (models/demo, when it is there), the icons of assets/icons and the desktop entry of
# installer/linux. Nothing is downloaded when the installed program runs.
#
# Needs a JDK 21+ with jpackage and jlink (JAVA_HOME, or on PATH) and Maven; a .deb needs
# dpkg-deb and fakeroot, an .rpm rpmbuild, an .msi the WiX toolset, a .dmg macOS.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
types=()
cuda=false
dest="$root/target/installer"
app_version=""

die() { echo "package: $*" >&2; exit 2; }
usage() { sed -n '2,20s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --type) [ $# -ge 2 ] || die "--type needs a value (app-image, deb, rpm, msi, exe, dmg, pkg)"
      types+=("$2"); shift 2 ;;
    --type=*) types+=("${1#--type=}"); shift ;;
    --cuda) cuda=true; shift ;;
    --dest) [ $# -ge 2 ] || die "--dest needs a folder"; dest="$2"; shift 2 ;;
    --app-version) [ $# -ge 2 ] || die "--app-version needs X.Y.Z"; app_version="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

case "$(uname -s)" in
  Linux*) os=linux; sep=":" ;;
  Darwin*) os=mac; sep=":" ;;
  MINGW*|MSYS*|CYGWIN*) os=windows; sep=";" ;;
  *) die "unsupported system $(uname -s)" ;;
esac
if [ ${#types[@]} -eq 0 ]; then
  case "$os" in
    linux) types=(app-image deb) ;;
    windows) types=(app-image msi) ;;
    mac) types=(app-image dmg) ;;
  esac
fi
for t in "${types[@]}"; do
  case "$os:$t" in
    *:app-image|linux:deb|linux:rpm|windows:msi|windows:exe|mac:dmg|mac:pkg) ;;
    *) die "jpackage cannot build '$t' on $os: jpackage makes each system's installers on that system" ;;
  esac
done

# --- tools -------------------------------------------------------------------------------
jdk_bin=""
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jpackage" ]; then
  jdk_bin="$JAVA_HOME/bin"
elif command -v jpackage >/dev/null 2>&1; then
  jdk_bin="$(dirname "$(command -v jpackage)")"
fi
[ -n "$jdk_bin" ] || die "no jpackage found: set JAVA_HOME to a JDK 21 or newer (or use ./nodulescope package)"
major="$("$jdk_bin/java" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java.specification.version = //p' | sed 's/^1\.//')"
if [ -z "$major" ] || [ "$major" -lt 21 ]; then
  die "the JDK in $jdk_bin is Java ${major:-?}; jpackage and jlink of a JDK 21 or newer are needed (set JAVA_HOME)"
fi
command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to build the jar"
for t in "${types[@]}"; do
  case "$t" in
    deb) for tool in dpkg-deb fakeroot; do
           command -v "$tool" >/dev/null 2>&1 || die "a .deb needs $tool (apt-get install dpkg-dev fakeroot)"
         done ;;
    rpm) command -v rpmbuild >/dev/null 2>&1 || die "an .rpm needs rpmbuild (apt-get install rpm)" ;;
  esac
done

seconds() { date +%s; }
t_start="$(seconds)"
say() { echo "package: $*" >&2; }
size_of() { du -sh "$1" | cut -f1; }

# --- the jar and its class path --------------------------------------------------------------
profile=()
flavour=cpu
if $cuda; then profile=(-Pcuda); flavour=cuda; fi
say "building the jar (mvn package${profile[*]:+ ${profile[*]}}; tests skipped: ./nodulescope test runs them)"
mvn -B -q -f "$root/pom.xml" "${profile[@]}" -DskipTests clean package
if ! $cuda && ls "$root"/target/lib/pytorch-native-cu*.jar >/dev/null 2>&1; then
  die "target/lib holds a CUDA libtorch although --cuda was not given"
fi

build_info="$root/target/classes/org/nodulescope/io/build-info.properties"
version="$(sed -n 's/^version=//p' "$build_info")"
if [ -z "$app_version" ]; then
  # jpackage takes numbers only: 0.1.0-SNAPSHOT installs as 0.1.0.
  app_version="${version%%-*}"
fi
[[ "$app_version" =~ ^[0-9]+(\.[0-9]+){0,2}$ ]] || die "app version '$app_version' is not X.Y.Z"
if [ "$os" = mac ] && [ "${app_version%%.*}" -lt 1 ]; then
  die "macOS bundles need a version whose first number is at least 1, and the project is at $version; pass --app-version 1.0.0 (or higher)"
fi

work="$dest/work"
rm -rf "$work"
mkdir -p "$work" "$dest"
input="$work/input"
mkdir -p "$input"
cp "$root/target/nodulescope.jar" "$input/"
cp -r "$root/target/lib" "$input/lib"
# Only one platform's JavaFX: Maven also fetches the empty, classifier-less javafx jars.
find "$input/lib" -name 'javafx-*.jar' ! -name 'javafx-*-*-*.jar' -delete

# --- demo scan, made now from its recipe ------------------------------------------------------
recipe="$(grep -v '^[[:space:]]*#' "$root/assets/demo-scan.recipe" | grep -v '^[[:space:]]*$' | tail -1)"
say "making the demo scan: phantom $recipe"
# shellcheck disable=SC2086 # the recipe is a list of arguments
"$jdk_bin/java" -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED \
  -jar "$root/target/nodulescope.jar" phantom \
  --out "$input/demo" $recipe >/dev/null
cp "$root/assets/demo-scan.recipe" "$input/demo/RECIPE"

# --- demo model -----------------------------------------------------------------------------
if [ -f "$root/models/demo/config.json" ] && [ -f "$root/models/demo/parameters.bin" ]; then
  mkdir -p "$input/models"
  cp -r "$root/models/demo" "$input/models/demo"
  say "demo model: models/demo ($(size_of "$input/models/demo"))"
else
  say "WARNING: models/demo is not there; the installer carries no model (the viewer then works without detection)"
fi

# --- licences -------------------------------------------------------------------------------
mkdir -p "$input/licences"
cp "$root/assets/brisque/NOTICE" "$input/licences/BRISQUE-NOTICE"
cp "$root/assets/brisque/LICENSE-Apache-2.0" "$input/licences/LICENSE-Apache-2.0"
# Installed files must be readable by every user: the generator writes owner-only files.
chmod -R u+rwX,go+rX,go-w "$input"

# --- runtime: jdeps finds the modules, jlink cuts the JDK to them ---------------------------
say "finding the Java modules (jdeps)"
classpath="$(find "$input/lib" -name '*.jar' | sort | tr '\n' "$sep")"
modules="$("$jdk_bin/jdeps" --multi-release "$major" --ignore-missing-deps --print-module-deps \
  --class-path "$classpath" "$input/nodulescope.jar")"
# Reached by reflection or service loading, which jdeps cannot see: sun.misc.Unsafe (JavaFX,
# DJL, JNA), JNDI lookups in logback's configuration, java.util.logging bridges, and the
# locale data and charsets a DICOM file or a user's locale may ask for.
modules="$modules,jdk.unsupported,java.naming,java.logging,jdk.localedata,jdk.charsets,jdk.zipfs"
say "modules: $modules"
runtime="$work/runtime"
# --generate-cds-archive: the JDK's own classes load from a shared archive, which took the
# launcher's start from about 2.5 s to 1.5 s here (+37 MB installed).
"$jdk_bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress zip-6 --include-locales en,de,fr,es,it,nl,pt,zh,ja --generate-cds-archive \
  --output "$runtime"

# --- jpackage -------------------------------------------------------------------------------
name=NoduleScope
common=(
  --name "$name"
  --app-version "$app_version"
  --vendor "NoduleScope"
  --description "Lung-nodule detection and review in chest CT (2.5D Mask R-CNN)"
  --copyright "NoduleScope authors"
)
case "$os" in
  linux) icon="$root/assets/icons/nodulescope-256.png" ;;
  windows) icon="$root/assets/icons/nodulescope.ico" ;;
  mac) icon="$root/assets/icons/nodulescope.icns" ;;
esac
# $APPDIR is expanded by the launcher at run time: the folder holding the jar, demo/ and models/.
java_options=(
  "-Dnodulescope.home=\$APPDIR"
  "-Dai.djl.offline=true"
  "-XX:MaxRAMPercentage=75"
  "--enable-native-access=ALL-UNNAMED"
)
jopts=()
for o in "${java_options[@]}"; do jopts+=(--java-options "$o"); done

image_dir="$dest/image"
rm -rf "$image_dir"
mkdir -p "$image_dir"
t_image="$(seconds)"
say "jpackage --type app-image"
"$jdk_bin/jpackage" --type app-image "${common[@]}" --dest "$image_dir" \
  --input "$input" --main-jar nodulescope.jar --main-class org.nodulescope.Main \
  --runtime-image "$runtime" --icon "$icon" "${jopts[@]}"
case "$os" in
  mac) image="$image_dir/$name.app" ;;
  *) image="$image_dir/$name" ;;
esac
say "app image: $image ($(size_of "$image"), $(( $(seconds) - t_image )) s)"

# --- AOT cache: one training run of the program's own launcher -------------------------------
# Java 24+ can keep the classes a run loaded and linked in a cache (JEP 483) that the next start
# maps instead of loading them again. The cache must come from this very runtime and these jars,
# down to their timestamps (a moved folder is accepted, as the launcher's $APPDIR moves), so it
# is made where the files have their final timestamps: in the app image, and again inside the
# .deb after jpackage copied the image (its copies get new timestamps; dpkg keeps the archive's).
# The launcher runs once with -XX:AOTCacheOutput, on the viewer with the demo scan under Xvfb
# when it can (the JavaFX classes are most of a start), else the headless demo, in a scratch
# home. -Xlog:aot=off keeps a cache that cannot be used (another JDK, compressed pointers off on
# a very large heap) silent: the program then starts as without one.
aot_train() { # CFG LAUNCHER: makes $(dirname CFG)/nodulescope.aot and points CFG at it
  local cfg="$1" launcher="$2" t0 aot_home how
  t0="$(seconds)"
  aot_home="$work/aot-home"
  rm -rf "$aot_home"; mkdir -p "$aot_home"
  sed -i.bak '/nodulescope\.aot\|-Xlog:aot=off\|-Xlog:cds=off/d' "$cfg"
  rm -f "$cfg.bak" "$(dirname "$cfg")/nodulescope.aot"
  cp "$cfg" "$work/launcher.cfg"
  { echo 'java-options=-XX:AOTCacheOutput=$APPDIR/nodulescope.aot'
    echo 'java-options=-Xlog:aot=off'
    echo 'java-options=-Xlog:cds=off'; } >> "$cfg"
  local tmo=()
  command -v timeout >/dev/null 2>&1 && tmo=(timeout 300)
  how="the headless demo"
  : >"$work/aot.log"
  if [ "$os" = linux ] && command -v xvfb-run >/dev/null 2>&1; then
    how="the viewer on the demo scan under Xvfb"
    HOME="$aot_home" xvfb-run -a -s "-screen 0 1600x1000x24" ${tmo[@]+"${tmo[@]}"} "$launcher" view \
      --screenshot "$aot_home/window.png" >"$work/aot.log" 2>&1 || true
  elif [ "$os" != linux ] || [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    how="the viewer on the demo scan"
    HOME="$aot_home" ${tmo[@]+"${tmo[@]}"} "$launcher" view --screenshot "$aot_home/window.png" \
      >"$work/aot.log" 2>&1 || true
  fi
  if [ ! -s "$aot_home/window.png" ]; then
    # no window (no display, or no GTK): the command line's classes at least
    [ "$how" = "the headless demo" ] || how="the headless demo (the viewer did not open; see $work/aot.log)"
    rm -f "$(dirname "$cfg")/nodulescope.aot"
    HOME="$aot_home" ${tmo[@]+"${tmo[@]}"} "$launcher" demo >>"$work/aot.log" 2>&1 || true
  fi
  cp "$work/launcher.cfg" "$cfg"
  rm -rf "$aot_home"
  local aot
  aot="$(dirname "$cfg")/nodulescope.aot"
  if [ -s "$aot" ]; then
    { echo 'java-options=-XX:AOTCache=$APPDIR/nodulescope.aot'
      echo 'java-options=-Xlog:aot=off'
      echo 'java-options=-Xlog:cds=off'; } >> "$cfg"
    say "AOT cache from $how: $(size_of "$aot"), $(( $(seconds) - t0 )) s"
  else
    rm -f "$aot"
    say "no AOT cache (the training run with $how left none; see $work/aot.log): the program starts without one"
  fi
}
aot=false
if [ "${major:-0}" -ge 25 ]; then
  aot=true
  case "$os" in
    linux) aot_train "$image/lib/app/$name.cfg" "$image/bin/$name" ;;
    mac) aot_train "$image/Contents/app/$name.cfg" "$image/Contents/MacOS/$name" ;;
    windows) aot_train "$image/app/$name.cfg" "$image/$name.exe" ;;
  esac
else
  say "no AOT cache: it needs a JDK 25 or newer to build (this one is ${major:-?})"
fi

built=()
for t in "${types[@]}"; do
  [ "$t" = app-image ] && { built+=("$image"); continue; }
  t_one="$(seconds)"
  extra=()
  case "$t" in
    deb|rpm)
      package_name=nodulescope
      if $cuda; then package_name=nodulescope-cuda; fi
      extra=(--linux-package-name "$package_name" --linux-app-category science
             --linux-menu-group "Science;MedicalSoftware;" --linux-shortcut
             --resource-dir "$root/installer/linux")
      # JavaFX draws with GTK 3; jpackage only sees the runtime's own libraries.
      if [ "$t" = deb ]; then
        extra+=(--linux-deb-maintainer "nodulescope@localhost"
                --linux-package-deps "libgtk-3-0t64 | libgtk-3-0, libgl1")
      else
        extra+=(--linux-package-deps "gtk3, libglvnd-glx")
      fi
 ;;
    msi|exe)
      extra=(--win-menu --win-shortcut --win-dir-chooser --win-menu-group NoduleScope
             --win-upgrade-uuid 6f1d3c1e-2b7a-4f0e-9d57-3c8a1f2e4b60) ;;
    dmg|pkg)
      extra=(--mac-package-identifier org.nodulescope --mac-package-name NoduleScope) ;;
  esac
  say "jpackage --type $t"
  # Most of the payload is already deflated (the jars, libtorch inside its jar): xz, dpkg-deb's
  # default, spent 400 s here to save 6%; gzip takes 20 s and every dpkg reads it.
  DPKG_DEB_COMPRESSOR_TYPE=gzip "$jdk_bin/jpackage" --type "$t" "${common[@]}" --app-image "$image" --dest "$dest" \
    "${extra[@]}"
  file="$(ls -t "$dest"/*."$t" 2>/dev/null | head -1)"
  if [ "$t" = deb ] && $aot; then
    # the cache again, on the files as the package holds them (see aot_train)
    tree="$work/deb-tree"
    rm -rf "$tree"
    dpkg-deb -R "$file" "$tree"
    aot_train "$tree/opt/nodulescope/lib/app/$name.cfg" "$tree/opt/nodulescope/bin/$name"
    installed_kb="$(du -sk --exclude=DEBIAN "$tree" | cut -f1)"
    sed -i "s/^Installed-Size:.*/Installed-Size: $installed_kb/" "$tree/DEBIAN/control"
    if [ -f "$tree/DEBIAN/md5sums" ]; then
      (cd "$tree" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z \
        | xargs -0 md5sum > DEBIAN/md5sums)
    fi
    # SOURCE_DATE_EPOCH would clamp the timestamps the cache was checked against
    env -u SOURCE_DATE_EPOCH dpkg-deb --root-owner-group -Zgzip -b "$tree" "$file" >/dev/null
    rm -rf "$tree"
  fi
  say "$t: $file ($(size_of "$file"), $(( $(seconds) - t_one )) s)"
  built+=("$file")
done

echo "NoduleScope $app_version ($flavour) installers, built in $(( $(seconds) - t_start )) s:"
for f in "${built[@]}"; do
  printf '  %-8s %s\n' "$(size_of "$f")" "$f"
done
