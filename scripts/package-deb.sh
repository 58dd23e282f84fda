#!/usr/bin/env bash
# Builds the Debian package: the self-contained NativeAOT binary (scripts/publish.sh → artifacts/vigil),
# the systemd unit, /etc/default/vigil (conffile), an empty /etc/vigil, the man page (fixed sections
# from packaging/vigil.8.in plus COMMANDS generated from `vigil --help`), the copyright file (Apache-2.0)
# and the changelog,
# into artifacts/vigil_VERSION_ARCH.deb. Needs dpkg-deb and gzip; --no-publish reuses artifacts/vigil.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "${1:-}" != "--no-publish" ]; then
  "$root/scripts/publish.sh"
fi
binary="$root/artifacts/vigil"
[ -x "$binary" ] || { echo "package-deb: $binary missing (run scripts/publish.sh)" >&2; exit 1; }

# 1.0.0+<commit> → 1.0.0+g<short commit> (a valid Debian version without a revision).
# "vigil 1.0.0+<commit> (keepalived ... compatible)": the second word.
raw_version="$("$binary" --version | awk 'NR == 1 { print $2 }')"
version="${raw_version%%+*}"
commit="${raw_version#*+}"
[ "$commit" != "$raw_version" ] && version="$version+g${commit:0:12}"
arch="$(dpkg --print-architecture)"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
pkg="$stage/vigil"
install -d -m 0755 "$pkg/DEBIAN" "$pkg/usr/sbin" "$pkg/lib/systemd/system" "$pkg/etc/default" \
  "$pkg/usr/share/man/man8" "$pkg/usr/share/doc/vigil/examples"
install -d -m 0755 "$pkg/etc/vigil"
install -m 0755 "$binary" "$pkg/usr/sbin/vigil"
install -m 0644 "$root/packaging/vigil.service" "$pkg/lib/systemd/system/vigil.service"
install -m 0644 "$root/packaging/default.vigil" "$pkg/etc/default/vigil"
install -m 0644 "$root/packaging/debian/copyright" "$pkg/usr/share/doc/vigil/copyright"
# A native package (no Debian revision): its changelog is changelog.gz, this version's entry on top.
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$(date -uR)/" "$root/packaging/debian/changelog.in" | gzip -9n > "$pkg/usr/share/doc/vigil/changelog.gz"
chmod 0644 "$pkg/usr/share/doc/vigil/changelog.gz"
install -m 0644 "$root/packaging/keepalived.conf.example" "$pkg/usr/share/doc/vigil/examples/keepalived.conf"
for script in postinst prerm postrm; do
  install -m 0755 "$root/packaging/debian/$script" "$pkg/DEBIAN/$script"
done
echo "/etc/default/vigil" > "$pkg/DEBIAN/conffiles"
# The non-PIE link is a deliberate memory trade (README, "Debian package"): lintian's hardening-no-pie is overridden
# with that reason, so a new warning still shows.
install -d -m 0755 "$pkg/usr/share/lintian/overrides"
install -m 0644 "$root/packaging/debian/lintian-overrides" "$pkg/usr/share/lintian/overrides/vigil"

# The man page: fixed sections, then every command's --help as preformatted text.
man="$stage/vigil.8"
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$(date -u +%Y-%m-%d)/" "$root/packaging/vigil.8.in" > "$man"
roff_escape() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\\&'/"; }
{
  echo ".SH COMMANDS"
  echo ".nf"
  "$binary" --help | roff_escape
  for command in $("$binary" --help | sed -n '/^Commands:/,$p' | awk 'NR > 1 && NF { print $1 }'); do
    echo ""
    "$binary" "$command" --help | roff_escape
  done
  echo ".fi"
} >> "$man"
gzip -9n < "$man" > "$pkg/usr/share/man/man8/vigil.8.gz"

size="$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" "$root/packaging/debian/control.in" > "$pkg/DEBIAN/control"

mkdir -p "$root/artifacts"
out="$root/artifacts/vigil_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$out" >/dev/null
echo "built $out ($(du -h "$out" | cut -f1))"
