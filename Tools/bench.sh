#!/usr/bin/env bash
# Passthrough benchmark: MB/s, rows/s and peak RSS of `disclose run Pipelines/passthrough.yaml`
# with 1 and 2 workers on a generated complaints file of about 100 MB, the categorise stage alone
# (Tools/bench-categorise.yaml), the validate stage alone (Tools/bench-validate.yaml) and `disclose redact`
# (with the shipped complaints config, and ad hoc: every detector on every column) with 2 workers, `mlr --csv cat` on the same
# file in the same run as a reference, and peak RSS on a 1 GB file. Each timing is the best of 3.
# The last lines give the share of passthrough throughput the validate and categorise stages cost:
# from the best of 3 (the three pipelines' runs taken in turn, so that a slower spell of a shared
# host slows all three), and from BENCH_ROUNDS (default 21) rounds that run passthrough, validate
# and categorise one after another, as the medians' share with the middle half of the rounds' own
# shares.
# Results are printed and kept in bench-data/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
DISCLOSE=.build/release/disclose
DATA=bench-data
mkdir -p "$DATA"
SMALL=$DATA/complaints-100mb.csv
LARGE=$DATA/complaints-1gb.csv

if [ ! -s "$SMALL" ]; then
    echo "Generating $SMALL (150,000 complaints)..."
    $DISCLOSE generate complaints --rows 150000 --seed 42 > "$SMALL.partial" && mv "$SMALL.partial" "$SMALL"
fi
if [ ! -s "$LARGE" ]; then
    echo "Building $LARGE (the 100 MB file's rows ten times)..."
    { head -n 1 "$SMALL"; for _ in 1 2 3 4 5 6 7 8 9 10; do tail -n +2 "$SMALL"; done; } > "$LARGE.partial"
    mv "$LARGE.partial" "$LARGE"
fi

# seconds_since START: seconds since START (date +%s%N) to the millisecond, as awk reads a number.
# (time -f %e gives hundredths: a step of 5% of a 0.2 s run, too coarse for a share.)
seconds_since() { echo "$(( ($(date +%s%N) - $1) / 1000000 ))e-3"; }
# timed COMMAND...: prints "seconds peak_kb" of one run (peak RSS by time).
timed() {
    local start rss
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$DATA/time.txt" "$@" > /dev/null 2>&1
    read -r rss < "$DATA/time.txt"
    echo "$(seconds_since "$start") $rss"
}
# faster "SECONDS RSS" "SECONDS RSS": the faster of two runs (the second when the first is empty).
faster() { awk -v a="$1" -v b="$2" 'BEGIN{split(a, x, " "); split(b, y, " "); print (a == "" || y[1] < x[1] ? b : a)}'; }
# best_of_3 COMMAND...: prints "seconds peak_kb" of the fastest of three runs.
best_of_3() {
    local best=""
    for _ in 1 2 3; do best=$(faster "$best" "$(timed "$@")"); done
    echo "$best"
}

# report LABEL BYTES ROWS "SECONDS RSS_KB": one line of the results table.
report() {
    read -r seconds rss <<< "$4"
    awk -v l="$1" -v b="$2" -v n="$3" -v s="$seconds" -v r="$rss" \
        'BEGIN{printf "%-30s %8.3f %9.1f %11s %12.1f\n", l, s, b/1e6/s, (n > 0 ? sprintf("%.0f", n/s) : "-"), r/1024}'
}

bytes=$(stat -c %s "$SMALL")
rows=$(( $(wc -l < "$SMALL") - 1 ))
large_bytes=$(stat -c %s "$LARGE")
{
    echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr); $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "input: $SMALL, $bytes bytes, $rows complaints"
    printf '%-30s %8s %9s %11s %12s\n' "command" "seconds" "MB/s" "rows/s" "peak RSS MB"
    report "disclose run --workers 1" "$bytes" "$rows" \
        "$(best_of_3 $DISCLOSE run Pipelines/passthrough.yaml --input "$SMALL" --output "$DATA/out" --workers 1)"
    passthrough="" categorise="" validate=""
    for _ in 1 2 3; do
        passthrough=$(faster "$passthrough" "$(timed $DISCLOSE run Pipelines/passthrough.yaml --input "$SMALL" --output "$DATA/out" --workers 2)")
        categorise=$(faster "$categorise" "$(timed $DISCLOSE run Tools/bench-categorise.yaml --input "$SMALL" --output "$DATA/out" --workers 2)")
        validate=$(faster "$validate" "$(timed $DISCLOSE run Tools/bench-validate.yaml --input "$SMALL" --output "$DATA/out" --workers 2)")
    done
    report "disclose run --workers 2" "$bytes" "$rows" "$passthrough"
    report "disclose run categorise -w 2" "$bytes" "$rows" "$categorise"
    report "disclose run validate -w 2" "$bytes" "$rows" "$validate"
    report "disclose redact (config) -w 2" "$bytes" "$rows" \
        "$(best_of_3 env DISCLOSE_PSEUDONYM_KEY=bench-key-0123456789 $DISCLOSE redact --config Pipelines/redact/complaints.yaml \
            --input "$SMALL" --log "$DATA/redaction-log.jsonl" --workers 2)"
    report "disclose redact (ad hoc) -w 2" "$bytes" "$rows" \
        "$(best_of_3 $DISCLOSE redact --name-columns complainant_name --input "$SMALL" --log "$DATA/redaction-log.jsonl" --workers 2)"
    report "mlr --csv cat" "$bytes" "$rows" \
        "$(best_of_3 sh -c "mlr --csv cat '$SMALL' > '$DATA/mlr.csv'")"
    report "disclose run --workers 2, 1 GB" "$large_bytes" 0 \
        "$(best_of_3 $DISCLOSE run Pipelines/passthrough.yaml --input "$LARGE" --output "$DATA/out" --workers 2)"
    # The share of passthrough throughput a stage costs: 1 - passthrough seconds / stage seconds.
    lost() { awk -v p="${passthrough%% *}" -v s="${1%% *}" 'BEGIN{printf "%.0f%%", (1 - p / s) * 100}'; }
    echo "throughput lost to a stage (-w 2, best of 3 taken in turn): validate $(lost "$validate") (issue 3: at most 30%)," \
        "categorise $(lost "$categorise") (issue 5: at most 20%)"
    rounds=${BENCH_ROUNDS:-21}
    for _ in $(seq "$rounds"); do
        for pipeline in Pipelines/passthrough.yaml Tools/bench-validate.yaml Tools/bench-categorise.yaml; do
            start=$(date +%s%N)
            $DISCLOSE run "$pipeline" --input "$SMALL" --output "$DATA/out" --workers 2 > /dev/null 2>&1
            printf '%s ' "$(seconds_since "$start")"
        done
        echo
    done > "$DATA/rounds.txt"
    awk -v n="$rounds" '
        function median(a, count,   i, j, t) {
            for (i = 2; i <= count; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
            return count % 2 ? a[(count + 1) / 2] : (a[count / 2] + a[count / 2 + 1]) / 2
        }
        function quartiles(a, count,   i, j, t) {
            for (i = 2; i <= count; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
            return sprintf("%.0f-%.0f%%", a[int(count / 4) + 1] * 100, a[int(3 * count / 4) + 1] * 100)
        }
        { p[NR] = $1; v[NR] = $2; c[NR] = $3; lv[NR] = 1 - $1 / $2; lc[NR] = 1 - $1 / $3 }
        END {
            mp = median(p, NR); mv = median(v, NR); mc = median(c, NR)
            printf "throughput lost to a stage (-w 2, medians of %d interleaved rounds: passthrough %.3f s, validate %.3f s, categorise %.3f s): ", n, mp, mv, mc
            printf "validate %.0f%% (rounds %s), categorise %.0f%% (rounds %s)\n", (1 - mp / mv) * 100, quartiles(lv, NR), (1 - mp / mc) * 100, quartiles(lc, NR)
        }' "$DATA/rounds.txt"
} | tee "$DATA/results.txt"
