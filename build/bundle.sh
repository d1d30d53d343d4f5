#!/usr/bin/env bash
# Usage: bash build/bundle.sh OUTDIR
#
# Writes OUTDIR/sigmoidtorch-linux-x64.tar.xz: every example program and the test suites, published self-contained
# for linux-x64 (no .NET needed where it runs) and WITHOUT libtorch's native files (-p:TorchBackend=installed), so it
# runs on the machine's own libtorch: SIGMOIDTORCH_LIBTORCH=DIR, or the torch/lib of python3's PyTorch. Inside,
# run-gpu-checks.sh runs the test suites and the GPU checks there (README, "Running on a GPU").
#
# Built from a clean clone of the commit checked out here (uncommitted changes are left out, and named), in a
# temporary folder: this working tree's bin/ and obj/ are not touched. Needs the .NET 10 SDK, git, tar and xz, and
# the NuGet feed (or a NuGet cache that holds the packages). At most 60 MiB, or it fails.
set -uo pipefail

fail() { echo "bundle.sh: $*" >&2; exit 1; }
[ $# -eq 1 ] || { echo "usage: bash build/bundle.sh OUTDIR" >&2; exit 2; }
for tool in dotnet tar xz; do command -v "$tool" >/dev/null 2>&1 || fail "$tool is not on PATH"; done

repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1" || fail "cannot create $1"
out=$(cd "$1" && pwd)
tarball="$out/sigmoidtorch-linux-x64.tar.xz"
limit=$((60 * 1024 * 1024))
start=$(date +%s)
step() { echo "== $* ($(( $(date +%s) - start )) s)"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/sigmoidtorch-bundle.XXXXXX") || fail "cannot make a temporary folder"
trap 'rm -rf "$work"' EXIT
src="$work/src"
stage="$work/stage/sigmoidtorch"
bin="$stage/bin"

step "sources"
if git -C "$repo" rev-parse --verify -q HEAD >/dev/null 2>&1; then
  commit=$(git -C "$repo" rev-parse HEAD)
  describe=$(git -C "$repo" describe --always --dirty --tags 2>/dev/null || echo "$commit")
  if [ -n "$(git -C "$repo" status --porcelain --untracked-files=normal)" ]; then
    echo "bundle.sh: the working tree has uncommitted changes; the bundle is built from commit ${commit:0:12} without them" >&2
    describe=${describe%-dirty}
  fi
  git clone -q --no-checkout "$repo" "$src" || fail "git clone of $repo failed"
  git -C "$src" checkout -q --detach "$commit" || fail "cannot check out $commit"
else
  commit=unknown describe=unknown
  echo "bundle.sh: $repo is not a git repository; bundling its files as they are" >&2
  mkdir -p "$src" && (cd "$repo" && tar --exclude=bin --exclude=obj --exclude=out --exclude=TestResults -cf - .) | (cd "$src" && tar -xf -) \
    || fail "cannot copy $repo"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
publish() {
  step "publish $1"
  dotnet publish "$src/$1" -c Release -r linux-x64 --self-contained true -p:TorchBackend=installed -o "$bin" -v quiet -nologo \
    >"$work/publish.log" 2>&1 || { tail -40 "$work/publish.log" >&2; fail "dotnet publish $1 failed"; }
}
# The test suites first: they reference the examples, and the examples' own publish must write their executables and
# self-contained runtime configuration last.
publish tests/SigmoidTorch.Tests/SigmoidTorch.Tests.csproj
publish tests/SigmoidTorch.Plotting.Tests/SigmoidTorch.Plotting.Tests.csproj
programs=()
for project in "$src"/examples/*/*.csproj; do
  name=$(basename "$project" .csproj)
  programs+=("$name")
  publish "examples/$name/$name.csproj"
done

step "strip and check"
find "$bin" \( -name '*.pdb' -o -name '*.xml' \) -delete
natives=$(find "$bin" \( -name 'libtorch*' -o -name 'libc10*' -o -name 'libgomp*' -o -name 'libshm*' \) -printf '%f ')
[ -z "$natives" ] || fail "libtorch's native files are in the bundle ($natives): TorchBackend=installed should have left them out"
for name in "${programs[@]}" SigmoidTorch.Tests SigmoidTorch.Plotting.Tests; do
  [ -x "$bin/$name" ] || fail "$name's executable is missing from the bundle"
done
[ -f "$bin/libLibTorchSharp.so" ] || fail "TorchSharp's native library is missing from the bundle"

# What the suites read besides the programs: the README (its transcripts are run) and its pictures.
cp "$src/README.md" "$src/LICENSE" "$stage/" && cp -r "$src/docs" "$stage/docs" || fail "cannot copy the README and docs"
cp "$src/build/run-gpu-checks.sh" "$stage/run-gpu-checks.sh" && chmod +x "$stage/run-gpu-checks.sh" || fail "cannot copy run-gpu-checks.sh"
cat > "$stage/bundle.json" <<EOF
{
  "name": "sigmoidtorch-linux-x64",
  "commit": "$commit",
  "describe": "$describe",
  "built": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "built_on": "$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-unknown}"), $(uname -m)",
  "dotnet_sdk": "$(dotnet --version)",
  "programs": [$(printf '"%s", ' "${programs[@]}" | sed 's/, $//')],
  "libtorch": "none: set SIGMOIDTORCH_LIBTORCH to the folder holding libtorch_cpu.so, or install PyTorch for python3"
}
EOF

step "compress"
tar -C "$work/stage" -cf - sigmoidtorch | xz -T0 -9 > "$tarball.partial" || fail "tar/xz failed"
size=$(stat -c %s "$tarball.partial")
if [ "$size" -gt "$limit" ]; then
  rm -f "$tarball.partial"
  fail "the bundle is $((size / 1048576)) MiB, more than the 60 MiB allowed"
fi
mv "$tarball.partial" "$tarball"
unpacked=$(du -sb "$stage" | cut -f1)
step "done"
echo "wrote $tarball: $(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }') MiB ($(awk -v s="$unpacked" 'BEGIN { printf "%.0f", s / 1048576 }') MiB unpacked), commit ${describe}"
echo "sha256 $(sha256sum "$tarball" | cut -d' ' -f1)"
echo "on the GPU machine: tar -xJf sigmoidtorch-linux-x64.tar.xz && sigmoidtorch/run-gpu-checks.sh"
