#!/bin/sh
# CUPS backend for the printing tests: capture:/DIR writes each job's bytes to DIR/job-ID.bin
# and its options to DIR/job-ID.options. capture:/DIR?state=REASON instead reports the
# printer-state-reason REASON (e.g. media-empty-error) and waits, as a real backend does
# for a printer that is out of paper, until the job is cancelled.
if [ $# -eq 0 ]; then
    echo 'direct capture "Unknown" "Capture jobs to a directory (tests)"'
    exit 0
fi
directory=${DEVICE_URI#capture:}
directory=${directory%%\?*}
case "$DEVICE_URI" in
*\?state=*)
    reason=${DEVICE_URI##*state=}
    echo "STATE: +$reason" >&2
    echo "WARNING: Waiting for the printer: $reason" >&2
    trap 'exit 0' TERM
    while :; do sleep 0.2; done
    ;;
esac
printf '%s' "$5" >"$directory/job-$1.options"
if [ $# -ge 6 ]; then
    cat "$6" >"$directory/job-$1.part"
else
    cat >"$directory/job-$1.part"
fi
mv "$directory/job-$1.part" "$directory/job-$1.bin"
exit 0
