#!/usr/bin/env bash
# Reproduces the reference run end to end: generate the 16,500 full-size logs, train 50 epochs
# on one GPU, evaluate every model on the test split. Every stage resumes where it stopped, so
# re-running after a crash (or a reboot) carries on.
#
#   scripts/reproduce-baseline.sh                    # configs/veernet-baseline.yaml -> runs/veernet-baseline
#   CONFIG=my.yaml RUN=runs/mine THREADS=16 scripts/reproduce-baseline.sh
#
# On a GPU machine build without the CPU natives and point DJL at a CUDA libtorch first
# (README, "GPU"): e.g. MAVEN_ARGS=-Pcuda PYTORCH_FLAVOR=cu128 DJL_OFFLINE=false scripts/reproduce-baseline.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
config="${CONFIG:-$root/configs/veernet-baseline.yaml}"
run="${RUN:-$root/runs/veernet-baseline}"
threads="${THREADS:-$(nproc 2>/dev/null || echo 2)}"
cd "$root"
echo "== 1/3 generate (resumable; about 3 full-size logs/s on 2 cores, faster with more)"
scripts/veernet generate --config "$config" --threads "$threads"
echo "== 2/3 train (resumes from the newest valid checkpoint in $run)"
scripts/veernet train --config "$config" --run "$run"
echo "== 3/3 evaluate"
scripts/veernet evaluate --run "$run"
echo "report: $run/report.md"
