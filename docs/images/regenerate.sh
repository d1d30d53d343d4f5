#!/usr/bin/env bash
# Makes the docs' pictures from the current code: runs the example programs, copies the pictures they write into
# docs/images/, and records in docs/images/made-by.md each command and what it printed. The test suite
# (tests/SigmoidTorch.Tests/Docs/DocsTests.cs) checks that every run recorded there printed the results the docs'
# transcript of the same command shows, so pictures left behind by a change of the code fail the tests.
# Usage: bash docs/images/regenerate.sh   (from anywhere; takes a few minutes, most of it drawing the animation frames)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
images="$repo/docs/images"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build "$repo/SigmoidTorch.sln" -c Release >/dev/null

record="$work/made-by.md"
cat > "$record" <<'HEADER'
# Where the pictures come from

`bash docs/images/regenerate.sh` made every picture in this folder and wrote this file: each run below is the
command, as the docs show it, and what it printed on stdout (of the animation's frames, only the first and the
last "wrote" lines are kept); the table says which file of which run each picture is. The tests check that these
runs printed the results that the README's transcripts of the same commands show (`--frame-pngs` and `--no-plots`
aside, which change only what is drawn), so pictures made by older code fail them.

| picture | file the run wrote |
| --- | --- |
HEADER
runs="$work/runs.md"
: > "$runs"

# run PROGRAM "ARGS" PICTURE=FILE...: runs the program as the docs do, in a fresh folder; copies each FILE it wrote to docs/images/PICTURE.
run() {
  local program=$1 args=$2
  shift 2
  local dir="$work/$program-$RANDOM"
  mkdir -p "$dir"
  local shown="dotnet run --project examples/$program -c Release${args:+ -- $args}"
  echo "== $shown" >&2
  # shellcheck disable=SC2086  # the arguments are words, as on the README's command line
  (cd "$dir" && dotnet run --project "$repo/examples/$program" -c Release --no-build ${args:+-- $args} 2>/dev/null) > "$dir/stdout"
  { echo '```console'; echo "\$ $shown"; cat "$dir/stdout"; echo '```'; echo; } >> "$runs"
  local pair picture file
  for pair in "$@"; do
    picture=${pair%%=*}
    file=${pair#*=}
    cp "$dir/$file" "$images/$picture"
    echo "| $picture | $file |" >> "$record"
  done
}

run SineRegression "" sine-fit.png=out/SineRegression/fit.png
run GradientDescentPerceptron "" perceptron-weights.png=out/GradientDescentPerceptron/weights.png
run SigmoidNeuronTraining "--frame-pngs" \
  neuron-first-frame.png=out/SigmoidNeuronTraining/frames/frame_001.png \
  neuron-last-frame.png=out/SigmoidNeuronTraining/frames/frame_120.png
run FlowerClassifier "--predict 4.8,1.6" flowers.png=out/FlowerClassifier/flowers.png
run SigmoidVsPerceptron "" nudges.png=out/SigmoidVsPerceptron/nudges.png
run Sweep "--activation sigmoid --seeds 8 --lrs 0.1125,0.225,0.45,1.8" sweep-final-loss.png=out/Sweep/final-loss.png
run DigitClassifier "" digits-misread.png=out/DigitClassifier/misread.png

{ echo; cat "$runs"; } >> "$record"
# The frames run names 120 frame files: keep the record readable by folding them into one line.
sed -i -E '/^wrote out\/SigmoidNeuronTraining\/frames\/frame_(00[2-9]|0[1-9][0-9]|1[01][0-9])\.png$/d' "$record"
mv "$record" "$images/made-by.md"
echo "wrote docs/images/made-by.md and the pictures it lists" >&2
