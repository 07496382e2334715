#!/usr/bin/env bash
# Fault trials: kill -9 at random moments, resume, and check nothing was lost or changed.
#
#   scripts/fault-test.sh            # 20 training trials, 2 evaluate-beside-training, 3 generate, 3 digitize
#   TRIALS=40 scripts/fault-test.sh
#
# Training: a reference run trains uninterrupted. Each trial starts the same run in a fresh
# folder, kills it with SIGKILL after a random delay (anywhere in start-up, steps, checkpoint
# writes, epoch ends), resumes it to the end, and compares the final raw, EMA and SWA weights with
# the reference (max abs difference at most 1e-6). Evaluate-beside-training trials run evaluate in
# a loop on a run folder while its training is killed and resumed. Generate and digitize trials kill a batch
# half-way, re-run it, and compare the outputs with an uninterrupted batch byte for byte.
# Prints a table per kind of trial and exits non-zero if any trial failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
veernet="$root/scripts/veernet"
trials="${TRIALS:-20}"
work="$(mktemp -d /tmp/veernet-fault.XXXXXX)"
trap 'rm -rf "$work"' EXIT
failed=0

cat > "$work/config.yaml" <<'YAML'
name: fault
data: {path: unused, seed: 11, train: 12, validation: 3, test: 6}
synth: {width: {min: 192, max: 256}, height: {min: 48, max: 64}, realism: 0.4}
model: {depth: 3, base_width: 8, max_width: 32, attention_dim: 32, attention_layers: 1, attention_heads: 2, dropout: 0.1}
train:
  epochs: 4
  threads: 2
  ema_decays: [0.9, 0.99]
  snapshots: 3
  checkpoint: {every_steps: 5}
  lr: {peak: 0.003, warmup_epochs: 0.5, swa_lr: 0.001, swa_anneal_epochs: 0.5}
YAML

"$veernet" --version >/dev/null 2>&1 || { echo "cannot run $veernet"; exit 2; }
"$veernet" generate --config "$work/config.yaml" --out "$work/data" >/dev/null 2>&1 || { echo "generate failed"; exit 2; }

echo "== training: reference run"
start=$(date +%s%N)
"$veernet" train --config "$work/config.yaml" --run "$work/ref" --data "$work/data" >"$work/ref.log" 2>&1 \
  || { echo "reference run failed, see $work/ref.log"; cat "$work/ref.log"; exit 2; }
duration=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
printf "reference run: %.1f s\n\n" "$duration"

# Compares a run's final raw, EMA and SWA weights with the reference: sets $worst and $outcome.
compare_weights() {
  worst=0; outcome=same
  for w in raw ema-0.9 ema-0.99 swa; do
    out=$("$veernet" model diff "$work/ref/weights/$w.safetensors" "$1/weights/$w.safetensors" 2>&1) || outcome=DIFFERENT
    d=$(echo "$out" | sed -n 's/max abs difference \([^ ]*\).*/\1/p')
    worst=$(awk -v a="$worst" -v b="${d:-inf}" 'BEGIN { print (b + 0 > a + 0 || b == "inf") ? b : a }')
  done
  awk -v w="$worst" 'BEGIN { exit !(w == "inf" || w + 0 > 1e-6) }' && outcome=DIFFERENT
}

printf "%-6s %-9s %-46s %-34s %-8s %s\n" trial "kill at" "last log line before the kill" "resumed from" outcome "max |diff|"
for i in $(seq 1 "$trials"); do
  run="$work/trial-$i"
  delay=$(awk -v seed="$RANDOM" -v d="$duration" 'BEGIN { srand(seed); printf "%.2f", 0.3 + rand() * 0.9 * d }')
  "$veernet" train --config "$work/config.yaml" --run "$run" --data "$work/data" >"$run.kill.log" 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  last=$(grep -v '^train:' "$run.kill.log" | tail -n 1 | cut -c1-44)
  if "$veernet" train --config "$work/config.yaml" --run "$run" --data "$work/data" >"$run.resume.log" 2>&1; then
    from=$(grep -o 'from ckpt-[^:]*' "$run.resume.log" | head -n 1 | sed 's/from //')
    [ -z "$from" ] && from="(start: no checkpoint yet)"
    compare_weights "$run"
  else
    from="-"; outcome=FAILED; worst="-"
  fi
  [ "$outcome" = same ] || failed=1
  printf "%-6s %-9s %-46s %-34s %-8s %s\n" "$i" "${delay}s" "${last:-(nothing logged yet)}" "$from" "$outcome" "$worst"
done

echo
echo "== evaluate beside training: evaluate in a loop while training is killed with -9 and resumed"
# Readers must never delete or change what the trainer writes (a read-only checkpoint store), so
# the resumed run still ends equal to the reference, and every evaluate either scores a checkpoint
# or (before the first one exists) says there is none.
for i in 1 2; do
  run="$work/beside-$i"
  stopfile="$work/beside-$i.stop"
  (
    n=0; ok=0; none=0; bad=0
    while [ ! -f "$stopfile" ] && [ "$n" -lt 200 ]; do
      n=$((n + 1))
      "$veernet" evaluate --run "$run" --data "$work/data" --out "$work/beside-$i-eval" >"$work/beside-$i-eval.log" 2>&1
      case $? in
        0) ok=$((ok + 1)) ;;
        2) if grep -q "no valid checkpoint\|not a run folder" "$work/beside-$i-eval.log"; then none=$((none + 1)); else bad=$((bad + 1)); cp "$work/beside-$i-eval.log" "$work/beside-$i-eval-bad-$n.log"; fi ;;
        *) bad=$((bad + 1)); cp "$work/beside-$i-eval.log" "$work/beside-$i-eval-bad-$n.log" ;;
      esac
    done
    echo "$n $ok $none $bad" > "$work/beside-$i.counts"
  ) &
  loop=$!
  delay=$(awk -v seed="$RANDOM" -v d="$duration" 'BEGIN { srand(seed); printf "%.2f", 0.5 + rand() * 0.9 * d }')
  "$veernet" train --config "$work/config.yaml" --run "$run" --data "$work/data" >"$run.kill.log" 2>&1 &
  pid=$!
  sleep "$delay"; kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  "$veernet" train --config "$work/config.yaml" --run "$run" --data "$work/data" >"$run.resume.log" 2>&1
  rc=$?
  touch "$stopfile"; wait "$loop"
  read -r n ok none bad < "$work/beside-$i.counts"
  compare_weights "$run"
  [ "$rc" = 0 ] || outcome="FAILED (resume exit $rc)"
  [ "$bad" = 0 ] || outcome="$outcome, $bad evaluate(s) failed"
  [ "$outcome" = same ] || failed=1
  echo "trial $i: killed at ${delay}s; $n evaluates beside it ($ok scored a checkpoint, $none found none yet, $bad failed); final weights: $outcome (max |diff| $worst)"
done

echo
# Runs "$@" in the background, kills it with SIGKILL after $delay seconds, then runs it again to the end.
kill_then_rerun() {
  "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  on_kill
  "$@" >/dev/null 2>&1
}

# Seconds a command takes, for kill delays that land inside it.
timed() {
  local t0; t0=$(date +%s%N)
  "$@" >/dev/null 2>&1
  awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'
}

echo "== generate: kill -9 half-way, re-run, compare with an uninterrupted folder"
gen=(generate --config "$work/config.yaml" --count 400 --threads 1)
gen_time=$(timed "$veernet" "${gen[@]}" --out "$work/gen-ref")
echo "uninterrupted: 400 logs in ${gen_time}s"
for i in 1 2 3; do
  out="$work/gen-$i"
  delay=$(awk -v seed="$RANDOM" -v d="$gen_time" 'BEGIN { srand(seed); printf "%.2f", d * (0.4 + 0.5 * rand()) }')
  on_kill() {
    partial=$(find "$out" -name '*.truth.json' 2>/dev/null | wc -l)
    manifest=$([ -f "$out/manifest.json" ] && echo "present" || echo "absent")
  }
  kill_then_rerun "$veernet" "${gen[@]}" --out "$out"
  if diff -r "$work/gen-ref" "$out" >/dev/null && [ -z "$(find "$out" -name '.*tmp*')" ]; then r=identical; else r=DIFFERENT; failed=1; fi
  echo "trial $i: killed at ${delay}s with $partial of 400 samples complete (manifest $manifest); after the re-run: $r to the uninterrupted folder"
done

echo
echo "== digitize: kill -9 during a folder, re-run, compare with an uninterrupted batch"
mkdir -p "$work/scans"
for copy in a b c d; do
  for f in "$work"/data/test/*[0-9].png; do cp "$f" "$work/scans/$copy-$(basename "$f")"; done
done
scans=$(ls "$work/scans" | wc -l)
dig=(digitize --run "$work/ref" --image "$work/scans")
dig_time=$(timed "$veernet" "${dig[@]}" --out "$work/dig-ref")
echo "uninterrupted: $scans scans in ${dig_time}s"
for i in 1 2 3; do
  out="$work/dig-$i"
  delay=$(awk -v seed="$RANDOM" -v d="$dig_time" 'BEGIN { srand(seed); printf "%.2f", d * (0.5 + 0.4 * rand()) }')
  on_kill() { partial=$(find "$out" -name '*.las' 2>/dev/null | wc -l); }
  kill_then_rerun "$veernet" "${dig[@]}" --out "$out"
  same=identical
  for f in "$work"/dig-ref/*.las "$work"/dig-ref/*[0-9].csv; do cmp -s "$f" "$out/$(basename "$f")" || same=DIFFERENT; done
  [ "$(ls "$out" | wc -l)" = "$(ls "$work/dig-ref" | wc -l)" ] || same="DIFFERENT (file count)"
  [ -n "$(find "$out" -name '.*tmp*')" ] && same="DIFFERENT (temporary files left)"
  [ "$same" = identical ] || failed=1
  echo "trial $i: killed at ${delay}s with $partial of $scans LAS files written; after the re-run: $same to the uninterrupted batch"
done

echo
[ "$failed" = 0 ] && echo "all fault trials passed" || echo "SOME FAULT TRIALS FAILED (work folder kept: $work)"
[ "$failed" = 0 ] || trap - EXIT
exit "$failed"
