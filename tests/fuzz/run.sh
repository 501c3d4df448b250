#!/usr/bin/env bash
# Time-boxed fuzz run of Ferry's parsers (see README.md beside this file).
#
#   tests/fuzz/run.sh [SECONDS] [TARGET…]     # default: 30 s for each of the 8 targets
#   FUZZ_RUNS=10000000 tests/fuzz/run.sh imap  # to an execution count instead of a time
#
# Builds the "fuzz" preset (clang, libFuzzer, ASan + UBSan), then runs each target
# one after the other from its seed corpus and saved regressions (read, never
# written: what the fuzzer adds goes to a work directory), with its dictionary.
# Prints per target the executions done and whether it found anything; exits 1
# when any target found a crash, leak, UB, timeout or out-of-memory (the input is
# kept in the work directory: minimise it, save it under
# tests/fuzz/regressions/<target>/, fix the parser).
#
# A campaign longer than one sitting: give the same FUZZ_WORK each time. Each
# target's grown corpus stays there and the next run goes on from it, and every
# run adds a line to <FUZZ_WORK>/<target>/tally (UTC time, executions, seconds,
# exec/s, result); the summary prints the total over the tally.
#
# Environment:
#   FUZZ_SECONDS     seconds per target (default 30; the first argument wins)
#   FUZZ_RUNS        run to this many executions instead (each still bounded by
#                    FUZZ_MAX_SECONDS, default 3600)
#   FUZZ_BUILD_DIR   build directory (default <source>/build/fuzz, the preset's)
#   FUZZ_NO_BUILD=1  use the binaries already in FUZZ_BUILD_DIR
#   FUZZ_WORK        work directory, kept (default: a new one under $TMPDIR,
#                    removed at the end unless something was found)
#   FUZZ_RSS_MB      memory limit per target (default 2048)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
src="$(cd "$here/../.." && pwd)"
all_targets=(imap multistatus vcard ical csv ldif archive autoconfig)

seconds="${FUZZ_SECONDS:-30}"
if [[ $# -gt 0 && "$1" =~ ^[0-9]+$ ]]; then
  seconds="$1"
  shift
fi
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $t "* ]] || { echo "unknown target '$t' (one of: ${all_targets[*]})" >&2; exit 2; }
done
runs="${FUZZ_RUNS:-}"
max_seconds="${FUZZ_MAX_SECONDS:-3600}"
build="${FUZZ_BUILD_DIR:-$src/build/fuzz}"
rss="${FUZZ_RSS_MB:-2048}"

command -v clang++ >/dev/null || { echo "clang++ is needed (apt-get install clang)" >&2; exit 2; }

if [[ "${FUZZ_NO_BUILD:-0}" != 1 ]]; then
  cmake -S "$src" -B "$build" --preset fuzz >/dev/null
  cmake --build "$build" -j 2 --target "${targets[@]/#/fuzz_}"
fi

work="${FUZZ_WORK:-}"
keep_work=0
if [[ -z "$work" ]]; then
  work="$(mktemp -d "${TMPDIR:-/tmp}/ferry-fuzz.XXXXXX")"
else
  mkdir -p "$work"
  keep_work=1
fi

# malloc_context_size=0: no allocation stack per malloc (a third of the run time
# with Qt's many small allocations); rerun a reproducer without it for the full report.
# quarantine_size_mb=16: freed memory is still held back long enough to catch a
# use after free within one input (inputs are a few KB), without the page faults
# of the default 256 MB (a fifth of the run time).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:malloc_context_size=0:quarantine_size_mb=16}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
if [[ -s "$here/lsan.supp" ]]; then
  export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"
fi

found=0
summary=()
for t in "${targets[@]}"; do
  bin="$build/tests/fuzz/fuzz_$t"
  [[ -x "$bin" ]] || { echo "missing $bin" >&2; exit 2; }
  dir="$work/$t"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  # libFuzzer writes new inputs only to the first directory.
  corpora=("$dir/corpus" "$here/corpus/$t")
  [[ -d "$here/regressions/$t" ]] && corpora+=("$here/regressions/$t")
  n=0
  while [[ -e "$dir/log.$n" ]]; do n=$((n + 1)); done
  log="$dir/log.$n"
  args=(-timeout=10 -rss_limit_mb="$rss" -print_final_stats=1 -artifact_prefix="$dir/artifacts/")
  [[ -f "$here/$t.dict" ]] && args+=(-dict="$here/$t.dict")
  if [[ -n "$runs" ]]; then
    args+=(-runs="$runs" -max_total_time="$max_seconds")
  else
    args+=(-max_total_time="$seconds")
  fi
  if [[ -n "$runs" ]]; then limit="$runs runs (at most $max_seconds s)"; else limit="$seconds s"; fi
  echo "== fuzz_$t: $limit (log: $log)"
  start=$(date +%s)
  rc=0
  nice -n 10 "$bin" "${args[@]}" "${corpora[@]}" >"$log" 2>&1 || rc=$?
  elapsed=$(( $(date +%s) - start ))
  execs="$(awk '/stat::number_of_executed_units:/ {print $2}' "$log" | tail -1)"
  rate="$(awk '/stat::average_exec_per_sec:/ {print $2}' "$log" | tail -1)"
  artifacts="$(find "$dir/artifacts" -type f | sort)"
  if [[ $rc -ne 0 || -n "$artifacts" ]]; then
    found=1
    status="FOUND (exit $rc) ${artifacts//$'\n'/ }"
    grep -E "^(==[0-9]+==ERROR|SUMMARY|.*runtime error)" "$log" | head -5 || true
  else
    status="nothing found"
  fi
  echo "$(date -u +%FT%TZ) ${execs:-0} $elapsed ${rate:-0} ${status// /_}" >>"$dir/tally"
  total="$(awk '{ s += $2 } END { print s + 0 }' "$dir/tally")"
  runs_done="$(wc -l <"$dir/tally")"
  line="fuzz_$t: ${execs:-?} executions in ${elapsed} s (${rate:-?} exec/s): $status"
  [[ $keep_work -eq 1 ]] && line+="; $total executions in $runs_done run(s) in $dir"
  summary+=("$line")
done

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
if [[ $found -ne 0 ]]; then
  echo "scratch directory kept: $work"
  exit 1
fi
[[ $keep_work -eq 1 ]] || rm -rf "$work"
