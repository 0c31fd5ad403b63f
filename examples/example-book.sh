#!/usr/bin/env bash
# Builds a small example book whose dates are relative to today, so `cadence due` always
# shows a realistic morning: reactive and due clients, a follow-up, promises, a birthday,
# a home anniversary, a charter review, and a written service model (touchpoints for A and
# B, two owners with their hours a week) for `cadence model` and `cadence plan`. Usage: CADENCE_DB=/tmp/example.db bash examples/example-book.sh
set -euo pipefail
cadence_cmd=${CADENCE:-cadence}
c() { "$cadence_cmd" "$@" >/dev/null; }
# `ago N cmd…`: run a command as if it were N days ago (a client is added before its first
# touch; a promise is made before it falls due).
ago() { CADENCE_TODAY="$(date -d "-$1 days" +%F)" "$cadence_cmd" "${@:2}" >/dev/null; }

if [ -z "${CADENCE_DB:-}" ]; then
  echo "set CADENCE_DB to a new file, e.g. CADENCE_DB=/tmp/example.db" >&2
  exit 2
fi

# A tier: weekly, reactive a week after that. Each owner's first client says --new-owner: a
# name the book has never seen is otherwise refused as a likely typo.
ago 16 add "Maria Alvarez"   --tier A --email maria@alvarez.example --phone "+1 415 555 0101" --tag buyer --owner sam --new-owner --birthday "$(date -d '+3 days' +1978-%m-%d)"
ago 15 add "Tom Becker"      --tier A --email tom@becker.example --tag investor --owner sam
ago 9 add "Priya Natarajan" --tier A --email priya@natarajan.example --tag seller --owner sam
# B tier: monthly.
ago 40 add "Chen Wei"        --tier B --email chen@wei.example --company "Wei Logistics" --owner sam --milestone "home anniversary=$(date -d '+5 days' +2019-%m-%d)"
ago 52 add "Olivia Brown"    --tier B --email olivia@brown.example --owner sam
ago 35 add "Lars Eriksen"    --tier B --phone "+47 555 01 234" --owner sam
# C tier: quarterly.
ago 20 add "Fatima Khan"     --tier C --email fatima@khan.example --owner ana --new-owner
ago 100 add "George Miller"   --tier C --email george@miller.example --owner ana

# History: the `--on` offsets read backwards ("16d" = sixteen days ago).
c log "Maria"  --channel meeting --on 16d --note "viewing on Elm St"     # A, reactive
c log "Tom"    --channel call    --on 15d --note "portfolio review"      # A, reactive
c log "Priya"  --channel text    --on 9d                                 # A, due
c log "Chen"   --channel call    --on 40d                                # B, due
c log "Olivia" --channel email   --on 52d                                # B, reactive
c log "Olivia" --channel call    --on 3d --inbound --note "asked why we went quiet"  # a chase
c log "Lars"   --channel call    --on 35d
c log "Lars"   --channel call    --on 1d --outcome no-answer             # follow-up
c log "Fatima" --channel card    --on 20d                                # C, ok
c log "George" --channel call    --on 100d                               # C, due

ago 9 promise add "Tom" "send the Q4 market report" --by "$(date -d '-2 days' +%F)"  # overdue
c promise add "Chen" "introduce a mortgage broker" --by +3d
c charter "Priya" --every 10d --channel text --note "texts after 6pm only" --review-every 1w

# The written service model (SPEC §8): what each tier gets besides its cadence, and who has
# how many hours a week for it.
c model touchpoint add A "weekly call" --every 1w --channel call --attempt-counts
c model touchpoint add A "quarterly review" --every 3m --channel meeting,video --minutes 60
c model touchpoint add B "monthly note" --every 1m --channel email,card --minutes 5
c tier define A --every 1w --reactive-after 1w --minutes 15
c team capacity sam 1.5h
c team capacity ana 1h --workdays mon-thu
