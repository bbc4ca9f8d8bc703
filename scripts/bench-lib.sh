# Helpers for the benchmark scripts (sourced, not run).
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
