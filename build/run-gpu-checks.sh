#!/usr/bin/env bash
# run-gpu-checks.sh [RESULTS_DIR]
#
# SigmoidTorch's checks on the machine this bundle (build/bundle.sh) was carried to: the test suites (every row, CPU
# and CUDA), GradCheck on CUDA, seed 001 and a sweep on CPU against CUDA, the sweep benchmark against a batched PyTorch
# loop, GPU memory over a long run. No .NET needed. libtorch: SIGMOIDTORCH_LIBTORCH=DIR (the folder holding
# libtorch_cpu.so), else the torch/lib of python3's PyTorch. CUDA parts are skipped, with the reason, where CUDA
# cannot be used. Everything measured goes to one results folder (default: results-<UTC time> beside this script),
# named at the end; the last line is always `gpu-checks: N passed, N failed, N skipped`. Exit 0 when none failed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
bin="$here/bin"
results=${1:-"$here/results-$(date -u +%Y%m%dT%H%M%SZ)"}
passed=0 failed=0 skipped=0
started=$(date +%s)
if ! mkdir -p "$results"; then
  echo "run-gpu-checks: cannot create the results folder $results" >&2
  echo "gpu-checks: 0 passed, 1 failed, 0 skipped"
  exit 1
fi
results=$(cd "$results" && pwd)
summary="$results/summary.txt"
: > "$summary"

finish() {
  trap - EXIT
  {
    echo "total: $(( $(date +%s) - started )) s"
    echo "results: $results"
    echo "gpu-checks: $passed passed, $failed failed, $skipped skipped"
  } | tee -a "$summary"
  [ "$failed" -eq 0 ] && exit 0 || exit 1
}
trap finish EXIT
trap 'echo "run-gpu-checks: interrupted" | tee -a "$summary" >&2; failed=$((failed + 1)); exit 130' INT TERM

# record STATUS NAME SECONDS DETAIL: one line of the summary.
record() {
  printf '%-4s  %-60s %7s s  %s\n' "$1" "$2" "$3" "$4" | tee -a "$summary"
  case $1 in PASS) passed=$((passed + 1)) ;; FAIL) failed=$((failed + 1)) ;; *) skipped=$((skipped + 1)) ;; esac
}

# run SLUG SECONDS COMMAND...: runs COMMAND in the results folder, stdout to SLUG.out, stderr to SLUG.err; sets rc and secs.
run() {
  local slug=$1 limit=$2 t0
  shift 2
  t0=$(date +%s.%N)
  (cd "$results" && exec timeout --kill-after=30 "$limit" "$@") >"$results/$slug.out" 2>"$results/$slug.err"
  rc=$?
  secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then echo "run-gpu-checks: timed out after $limit s" >>"$results/$slug.err"; fi
}

# why SLUG: the last line of SLUG.err, else of SLUG.out (what went wrong, in one line).
why() {
  local line
  line=$(grep -v '^[[:space:]]*$' "$results/$1.err" 2>/dev/null | tail -n 1)
  [ -n "$line" ] || line=$(grep -v '^[[:space:]]*$' "$results/$1.out" 2>/dev/null | tail -n 1)
  echo "${line:-no output} (exit $rc; $1.out, $1.err)"
}

# json SLUG EXPRESSION: evaluates a Python expression over the JSON object `j` that SLUG.out holds (python3 is there with PyTorch).
json() {
  python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$results/$1.out" "$2" 2>>"$results/json.err"
}

echo "SigmoidTorch GPU checks, results in $results"

# --- the machine ------------------------------------------------------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "bundle: $(tr -d '\n' < "$here/bundle.json" 2>/dev/null)"
  echo "kernel: $(uname -srm)"
  echo "os: $(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-unknown}")"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores"
  echo "memory: $(free -g 2>/dev/null | awk '/^Mem:/ { print $2 " GiB" }')"
  echo "libstdc++ GLIBCXX_3.4.32: $(grep -c 'GLIBCXX_3.4.32' /usr/lib/x86_64-linux-gnu/libstdc++.so.6 2>/dev/null || echo unknown)"
  if command -v nvidia-smi >/dev/null 2>&1; then
    echo "nvidia-smi:"; nvidia-smi --query-gpu=index,name,memory.total,driver_version --format=csv 2>&1 | sed 's/^/  /'
  else
    echo "nvidia-smi: not on PATH"
  fi
  echo "python3: $(python3 --version 2>&1)"
  echo "python3 torch: $(python3 -c 'import torch; print(torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())' 2>&1 | tail -n 1)"
} >"$results/machine.txt" 2>&1
gpu_listed=0
if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then gpu_listed=1; fi

# --- libtorch ---------------------------------------------------------------------------------------------------
if [ -z "${SIGMOIDTORCH_LIBTORCH:-}" ]; then
  lib=$(python3 -c "import importlib.util as u; s = u.find_spec('torch'); print(s.submodule_search_locations[0] + '/lib' if s and s.submodule_search_locations else '')" 2>/dev/null)
  if [ -n "$lib" ] && [ -f "$lib/libtorch_cpu.so" ]; then
    export SIGMOIDTORCH_LIBTORCH="$lib"
  else
    record FAIL "libtorch" 0 "SIGMOIDTORCH_LIBTORCH is not set and python3 has no torch: set it to the folder holding libtorch_cpu.so"
    exit 1
  fi
fi
echo "SIGMOIDTORCH_LIBTORCH=$SIGMOIDTORCH_LIBTORCH" | tee -a "$results/machine.txt"
export SIGMOIDTORCH_DEVICE=cpu NO_COLOR=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

run libtorch 600 "$bin/GradCheck" --verbose --device cpu
loaded=$(grep -m1 'GradCheck: libtorch' "$results/libtorch.err" | sed 's/^GradCheck: //')
if [ "$rc" -eq 0 ]; then
  record PASS "libtorch loads; GradCheck on cpu" "$secs" "$loaded"
else
  record FAIL "libtorch loads; GradCheck on cpu" "$secs" "$(why libtorch)"
  exit 1
fi
note=$(grep -m1 'GradCheck: note:' "$results/libtorch.err" | sed 's/^GradCheck: note: //')
[ -z "$note" ] || echo "note: $note" | tee -a "$summary"

# --- CUDA -------------------------------------------------------------------------------------------------------
run cuda 600 "$bin/GradCheck" --device cuda
if [ "$rc" -eq 0 ]; then
  cuda=1
  record PASS "CUDA usable" "$secs" "$(grep -m1 -o 'cuda[:0-9]*' "$results/cuda.out" | head -n 1) from $SIGMOIDTORCH_LIBTORCH"
else
  cuda=0
  reason=$(grep -m1 'error:' "$results/cuda.err" | sed 's/^GradCheck: error: //')
  reason=${reason:-$(why cuda)}
  if [ "$gpu_listed" -eq 1 ]; then record FAIL "CUDA usable (nvidia-smi lists a GPU)" "$secs" "$reason"
  else record SKIP "CUDA usable" "$secs" "no GPU here: $reason"; fi
fi
skip_cuda() { record SKIP "$1" 0 "CUDA not usable: ${reason}"; }

# --- the test suites --------------------------------------------------------------------------------------------
suite() {
  local name=$1 slug=$2 total failures errors skips cudaskips
  run "$slug" 5400 "$bin/$name" -noColor
  local line
  line=$(grep -E "^ *$name +Total: " "$results/$slug.out" | tail -n 1)
  total=$(sed -n 's/.*Total: \([0-9]*\).*/\1/p' <<<"$line")
  errors=$(sed -n 's/.*Errors: \([0-9]*\).*/\1/p' <<<"$line")
  failures=$(sed -n 's/.*Failed: \([0-9]*\).*/\1/p' <<<"$line")
  skips=$(sed -n 's/.*Skipped: \([0-9]*\).*/\1/p' <<<"$line")
  if [ -z "$line" ]; then
    record FAIL "test suite $name" "$secs" "no summary line: the runner crashed? $(why "$slug")"
    return
  fi
  local detail="$total tests: $((total - failures - errors - skips)) passed, $failures failed, $errors errors, $skips skipped (TRX: $results/TestResults/$name.trx)"
  if [ "$rc" -eq 0 ] && [ "$failures" -eq 0 ] && [ "$errors" -eq 0 ]; then record PASS "test suite $name" "$secs" "$detail"
  else record FAIL "test suite $name" "$secs" "$detail; failures in $slug.out"; fi
  # Rows skipped for want of CUDA: none may be where CUDA is usable.
  cudaskips=$(grep -E '^ *skipped ([0-9]+ rows of )?[^:]+: CUDA not usable' "$results/$slug.out" | sed -n 's/^ *skipped \([0-9]*\) rows of.*/\1/p;t;s/^ *skipped [^:]*: CUDA not usable.*/1/p' | awk '{ s += $1 } END { print s + 0 }')
  if [ "$cuda" -eq 1 ]; then
    if [ "$cudaskips" -eq 0 ]; then record PASS "test suite $name: CUDA rows ran" 0 "no row skipped for want of CUDA"
    else record FAIL "test suite $name: CUDA rows ran" 0 "$cudaskips rows skipped as if CUDA were not usable"; fi
  elif [ "$cudaskips" -gt 0 ]; then
    record SKIP "test suite $name: CUDA rows" 0 "$cudaskips rows skipped: CUDA not usable: $reason"
  fi
}
suite SigmoidTorch.Tests tests
suite SigmoidTorch.Plotting.Tests plotting-tests

# --- GradCheck on CUDA: every activation and loss, a neuron without bias, an identity output; float64 and float32 ---
configs=()
for act in sigmoid tanh relu; do for loss in mse sse half-sse; do configs+=("--model mlp --activation $act --loss $loss"); done; done
configs+=("--model neuron --no-bias" "--model mlp --activation tanh --output-activation identity --loss mse")
if [ "$cuda" -eq 1 ]; then
  for dtype in float64 float32; do
    for config in "${configs[@]}"; do
      slug="gradcheck-$(echo "$dtype $config" | tr -s ' -' '-' | sed 's/^-//')"
      # shellcheck disable=SC2086
      run "$slug" 600 "$bin/GradCheck" --device cuda --dtype "$dtype" $config
      detail=$(grep -E 'parameters (PASS|FAIL)' "$results/$slug.out" | tail -n 1)
      if [ "$rc" -eq 0 ]; then record PASS "GradCheck cuda $dtype $config" "$secs" "$detail"
      else record FAIL "GradCheck cuda $dtype $config" "$secs" "${detail:-$(why "$slug")}"; fi
    done
  done
else
  skip_cuda "GradCheck --device cuda (${#configs[@]} configurations × float64, float32)"
fi

# --- seed 001 and a sweep: CPU against CUDA ----------------------------------------------------------------------
if [ "$cuda" -eq 1 ]; then
  for trainer in manual autograd; do
    run "seed001-$trainer-cpu" 1200 "$bin/SineRegression" --device cpu --trainer "$trainer" --json --no-plots
    cpu_rc=$rc cpu_secs=$secs
    run "seed001-$trainer-cuda" 1200 "$bin/SineRegression" --device cuda --trainer "$trainer" --json --no-plots
    name="seed 001 ($trainer): final loss cpu vs cuda"
    if [ "$cpu_rc" -ne 0 ] || [ "$rc" -ne 0 ]; then record FAIL "$name" "$secs" "cpu exit $cpu_rc, cuda exit $rc ($(why "seed001-$trainer-cuda"))"; continue; fi
    a=$(json "seed001-$trainer-cpu" 'repr(j["final_loss"])') b=$(json "seed001-$trainer-cuda" 'repr(j["final_loss"])')
    verdict=$(awk -v a="$a" -v b="$b" 'BEGIN { d = a - b; if (d < 0) d = -d; r = d / (a < 0 ? -a : a); printf "%s %.2e", (r <= 1e-12 ? "PASS" : "FAIL"), r }')
    record "${verdict%% *}" "$name" "$secs" "cpu $a ($cpu_secs s), cuda $b; relative difference ${verdict#* } (at most 1e-12)"
  done
  run sweep-cpu 1200 "$bin/Sweep" --device cpu --seeds 8 --epochs 300 --json --no-plots
  cpu_rc=$rc
  run sweep-cuda 1200 "$bin/Sweep" --device cuda --seeds 8 --epochs 300 --json --no-plots
  name="Sweep (40 networks, 300 epochs): final losses cpu vs cuda"
  if [ "$cpu_rc" -ne 0 ] || [ "$rc" -ne 0 ]; then
    record FAIL "$name" "$secs" "cpu exit $cpu_rc, cuda exit $rc ($(why sweep-cuda))"
  else
    a=$(json sweep-cpu '" ".join(repr(r["final_loss"]) for r in j["rows"])') b=$(json sweep-cuda '" ".join(repr(r["final_loss"]) for r in j["rows"])')
    verdict=$(awk -v a="$a" -v b="$b" 'BEGIN { n = split(a, x, " "); split(b, y, " "); m = 0
      for (i = 1; i <= n; i++) { if (x[i] == y[i]) continue; d = x[i] - y[i]; if (d < 0) d = -d; s = x[i] < 0 ? -x[i] : x[i]; r = s > 0 ? d / s : d; if (r > m || r != r) m = r }
      printf "%s %.2e %d", (n > 0 && m <= 1e-10 ? "PASS" : "FAIL"), m, n }')
    set -- $verdict
    record "$1" "$name" "$secs" "$3 networks, largest relative difference $2 (at most 1e-10)"
  fi
else
  skip_cuda "seed 001 and Sweep: cpu vs cuda"
fi

# --- speed: the sweep benchmark (CUDA rows where usable) against the batched PyTorch loop, and seed 001 per step ------
run benchmarks-sweep 3600 "$bin/Benchmarks" --only sweep --json --out "$results/benchmarks-sweep"
if [ "$rc" -ne 0 ]; then
  record FAIL "Benchmarks --only sweep" "$secs" "$(why benchmarks-sweep)"
else
  rates=$(json benchmarks-sweep '"; ".join("%s %s %.3g M" % (r["name"].replace("sweep rate: ", ""), r["device"], r["value"] / 1e6) for r in j["rows"] if r["unit"] == "net-steps/s" and isinstance(r["value"], (int, float)))')
  record PASS "Benchmarks --only sweep" "$secs" "network-steps/s: ${rates:-none}"
  if [ "$cuda" -eq 1 ]; then
    ours=$(json benchmarks-sweep 'max([r["value"] for r in j["rows"] if r["name"] == "sweep rate: 20,480 networks, manual" and r["device"].startswith("cuda") and isinstance(r["value"], (int, float))] or [0])')
    theirs=$(json benchmarks-sweep 'max([r["value"] for r in j["rows"] if r["name"] == "sweep rate: 20,480 networks, PyTorch loop" and r["device"].startswith("cuda") and isinstance(r["value"], (int, float))] or [0])')
    verdict=$(awk -v o="${ours:-0}" 'BEGIN { print (o >= 1e8 ? "PASS" : "FAIL") }')
    record "$verdict" "sweep on cuda: at least 100 M network-steps/s at 20,480" 0 "$(awk -v o="${ours:-0}" 'BEGIN { printf "%.1f M", o / 1e6 }')"
    if awk -v t="${theirs:-0}" 'BEGIN { exit !(t > 0) }'; then
      verdict=$(awk -v o="${ours:-0}" -v t="$theirs" 'BEGIN { print (o >= 2 * t ? "PASS" : "FAIL") }')
      record "$verdict" "sweep on cuda: at least 2x the batched PyTorch loop at 20,480" 0 \
        "$(awk -v o="${ours:-0}" -v t="$theirs" 'BEGIN { printf "%.1f M against %.1f M: %.2fx", o / 1e6, t / 1e6, o / t }')"
    else
      record SKIP "sweep on cuda: at least 2x the batched PyTorch loop at 20,480" 0 "no PyTorch loop row (python3 has no torch, or torch_sweep.py failed: benchmarks-sweep.err)"
    fi
  else
    skip_cuda "sweep on cuda: 100 M network-steps/s, 2x the batched PyTorch loop"
  fi
fi
run benchmarks-seed001 3600 "$bin/Benchmarks" --only seed001 --quick --json --out "$results/benchmarks-seed001"
if [ "$rc" -eq 0 ]; then
  record PASS "Benchmarks --only seed001 --quick" "$secs" "µs/step: $(json benchmarks-seed001 '"; ".join("%s %s %.1f" % (r["name"].replace("seed 001: ", ""), r["device"], r["value"]) for r in j["rows"] if r["unit"] == "µs/step" and isinstance(r["value"], (int, float)))')"
else
  record FAIL "Benchmarks --only seed001 --quick" "$secs" "$(why benchmarks-seed001)"
fi

# --- GPU memory over a long run: 20,480 networks, 3,000 epochs (61 million network-steps) ---------------------------
if [ "$cuda" -eq 1 ] && [ "$gpu_listed" -eq 1 ]; then
  t0=$(date +%s.%N)
  (cd "$results" && exec timeout 1800 "$bin/Sweep" --device cuda --seeds 4096 --epochs 3000 --no-plots) >"$results/memory-sweep.out" 2>"$results/memory-sweep.err" &
  sweep_pid=$!
  : >"$results/memory-samples.csv"
  while kill -0 "$sweep_pid" 2>/dev/null; do
    # GPU memory in use (MiB, all GPUs together): on a machine given to these checks, the sweep's.
    nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits 2>/dev/null | awk -v t="$(date +%s)" '{ s += $1 } END { if (NR) print t "," s }' >>"$results/memory-samples.csv"
    sleep 1
  done
  wait "$sweep_pid"
  rc=$?
  secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  # After the first quarter of the samples (start-up, the caching allocator filling), memory may not grow by more than 64 MiB.
  verdict=$(awk -F, '{ m[++n] = $2 }
    END { if (n < 4) { print "SKIP too few samples (" n "): the run was too short to watch"; exit } q = int(n / 4); top = m[q]
          for (i = q; i <= n; i++) if (m[i] > top) top = m[i]
          printf "%s %d MiB after a quarter of the run, at most %d MiB after that (%d samples, memory-samples.csv)\n", (top - m[q] <= 64 ? "PASS" : "FAIL"), m[q], top, n }' "$results/memory-samples.csv")
  if [ "$rc" -ne 0 ]; then record FAIL "GPU memory flat over a long sweep" "$secs" "the sweep failed: $(why memory-sweep)"
  else record "${verdict%% *}" "GPU memory flat over a long sweep (20,480 networks, 3,000 epochs)" "$secs" "${verdict#* }; $(head -n 1 "$results/memory-sweep.out")"; fi
else
  record SKIP "GPU memory flat over a long sweep" 0 "needs usable CUDA and nvidia-smi"
fi
