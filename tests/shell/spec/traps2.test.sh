#### trap EXIT runs at end
trap 'echo bye' EXIT; echo main
#### trap EXIT on exit with code
trap 'echo "exiting $?"' EXIT; exit 3
#### trap EXIT in subshell
(trap 'echo sub-exit' EXIT; echo in-sub); echo after
#### trap ERR
trap 'echo "err at $LINENO"' ERR; false; echo cont
#### trap ERR with set -e
set -e; trap 'echo caught' ERR; false; echo no
#### trap reset with dash
trap 'echo x' EXIT; trap - EXIT; echo done
#### trap list print
trap 'echo hi' EXIT; trap -p EXIT
#### trap cleanup temp file
tmp=tmpfile.$$; trap 'rm -f "$tmp"; echo cleaned' EXIT; echo data > "$tmp"; cat "$tmp"
#### trap RETURN in function
f() { trap 'echo returning' RETURN; echo body; }; f
#### trap EXIT with function
cleanup() { echo "cleanup called"; }; trap cleanup EXIT; echo work
#### trap double quotes expand early
v=early; trap "echo $v" EXIT; v=late
#### trap single quotes expand late
v=early; trap 'echo $v' EXIT; v=late
#### trap ERR not triggered in condition
trap 'echo ERR' ERR; if false; then :; fi; false || true; echo end
#### trap INT via kill self
trap 'echo got INT' INT; kill -INT $$; echo after
#### trap TERM via kill
trap 'echo got TERM; exit 0' TERM; kill -TERM $$; echo not-reached
#### trap ignore empty string
trap '' INT; kill -INT $$; echo survived
#### trap EXIT overridden
trap 'echo first' EXIT; trap 'echo second' EXIT
#### exit in trap sets status
trap 'exit 7' EXIT; true
#### trap with multiple signals
trap 'echo sig' USR1 USR2; kill -USR1 $$; kill -USR2 $$
#### errexit and exit trap status
set -e; trap 'echo "status $?"' EXIT; (exit 5)
#### kill self without trap terminates
echo before; kill -TERM $$; echo not-reached
#### kill -s USR1 self with trap
trap 'echo usr1' USR1; kill -s USR1 $$; echo after
#### kill numeric signal self trap
trap 'echo hup' HUP; kill -1 $$; echo after
