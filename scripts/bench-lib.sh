# Helpers for the benchmark scripts (sourced, not run).
# best_of N NAME CMD...: runs CMD N times and keeps the fastest run's line (a shared 2-core VM
# varies by 20% from run to run; the fastest run is the one least disturbed).
best_of() {
  local runs=$1 name=$2; shift 2
  local best="" line
  for _ in $(seq "$runs"); do
    timed "$name" "$@" > /dev/null
    line=$(tail -1 "$TIMES"); sed -i '$d' "$TIMES"
    if [ -z "$best" ] || awk -v a="$(echo "$line" | cut -d' ' -f2)" -v b="$(echo "$best" | cut -d' ' -f2)" 'BEGIN { exit !(a < b) }'; then
      best=$line
    fi
    [ -z "${AFTER_RUN:-}" ] || eval "$AFTER_RUN"
  done
  echo "$best" >> "$TIMES"
}
# timed NAME CMD...: runs CMD, appends "NAME seconds peak_kb" to $TIMES, echoes the seconds.
timed() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$OUT/.time" "$@"
  read -r seconds peak < "$OUT/.time"
  echo "$name $seconds $peak" >> "$TIMES"
  echo "  $name: ${seconds} s, peak RSS $((peak / 1024)) MB" >&2
}
# UTF-8 bytes of a text file's lines, newlines not counted (tokenizers see lines).
text_bytes() { echo $(( $(wc -c < "$1") - $(wc -l < "$1") )); }
# Number of ids in piecemill encode output or spm_encode --output_format=id output.
count_ids() { tr -cs '0-9' '\n' | grep -c .; }
machine() { echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"; }
# build_outside_timings: builds the project if its sources changed, then runs one tiny Spark command,
# since the first Spark command after a build also writes the class-data sharing archive
# (scripts/piecemill) and would be slower than the rest: no timed run pays for either.
build_outside_timings() {
  local tmp; tmp=$(mktemp -d)
  "$ROOT/scripts/piecemill" --version > /dev/null
  echo "warm-up" > "$tmp/in.txt"
  "$ROOT/scripts/piecemill" tokenize --model "$ROOT/models/bytepiece.plus.40k.zip" --input "$tmp/in.txt" \
    --format text --output "$tmp/out" > "$tmp/log" 2>&1 || { cat "$tmp/log" >&2; rm -rf "$tmp"; return 1; }
  rm -rf "$tmp"
}
