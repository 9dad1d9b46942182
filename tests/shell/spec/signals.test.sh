#### kill a background job: wait returns 143
sleep 5 & p=$!; kill $p; wait $p; echo $?
#### kill %1 then wait %1
sleep 5 & kill %1; wait %1; echo $?
#### kill -9 gives 137
sleep 5 & p=$!; kill -9 $p; wait $p 2>/dev/null; echo $?
#### kill -s USR1 gives 138
sleep 5 & p=$!; kill -s USR1 $p; wait $p 2>/dev/null; echo $?
#### kill -n 12 gives 140
sleep 5 & p=$!; kill -n 12 $p; wait $p 2>/dev/null; echo $?
#### kill -SIGHUP and kill -1
sleep 5 & p=$!; kill -SIGHUP $p; wait $p 2>/dev/null; echo $?
sleep 5 & p=$!; kill -1 $p; wait $p 2>/dev/null; echo $?
#### kill -KILL lower case name
sleep 5 & p=$!; kill -s kill $p; wait $p 2>/dev/null; echo $?
#### notice for a job killed by SIGKILL, reported by wait
{ sleep 5 & kill -9 $!; wait $!; echo "rc=$?"; } 2>&1 | sed -E 's/: +[0-9]+ Killed/: PID Killed/'
#### no notice for SIGTERM
{ sleep 5 & kill $!; wait $!; echo "rc=$?"; } 2>&1
#### trap in a job runs and its exit status is the job's
( trap 'echo got; exit 3' TERM; while :; do sleep 0.01; done ) & p=$!
sleep 0.2; kill $p; wait $p; echo $?
#### trap in a job that returns keeps the job running until kill -9
( trap 'echo got' TERM; while :; do sleep 0.01; done ) & p=$!
sleep 0.2; kill $p; sleep 0.2; kill -9 $p; wait $p 2>/dev/null; echo $?
#### ignored signal in a job
( trap '' USR1; sleep 0.3; echo survived ) & p=$!
sleep 0.1; kill -USR1 $p; wait $p; echo $?
#### trapped signal runs after the foreground command
( trap 'echo got' USR1; sleep 0.3; echo survived ) & p=$!
sleep 0.1; kill -USR1 $p; wait $p; echo $?
#### kill -0 checks that a process exists
sleep 1 & p=$!; kill -0 $p; echo $?; kill -9 $p; wait $p 2>/dev/null; kill -0 $p 2>/dev/null; echo $?
#### kill -0 of an unknown pid
kill -0 99999; echo $?
#### kill -0 of the shell itself
kill -0 $$; echo $?
#### kill of a finished job fails, wait still gets its status
(exit 4) & p=$!; sleep 0.1; kill $p 2>/dev/null; echo $?; wait $p; echo $?
#### bad signal names and numbers
kill -s BOGUS 1; echo $?; kill -BOGUS 1; echo $?; kill -99 1; echo $?; kill -z 1; echo $?
#### kill usage errors
kill; echo $?; kill -9; echo $?; kill -s; echo $?; kill -n; echo $?; kill --; echo $?
#### kill of a non-numeric target
kill abc; echo $?; kill -- abc; echo $?
#### kill of an unknown job
kill %3; echo $?; sleep 5 & kill %1 %2; echo $?; wait
#### kill $$ with a trap runs it and continues
trap 'echo main got' USR1; kill -USR1 $$; echo after
#### kill $$ without a trap ends the shell with 128+n
echo a; kill -USR1 $$; echo no
#### kill $$ runs the EXIT trap
trap 'echo bye' EXIT; kill $$; echo no
#### kill $$ ignored
trap '' USR2; kill -USR2 $$; echo alive
#### kill $$ from a subshell kills the main shell after it
(kill $$; echo in-sub); echo after
#### kill $$ from a subshell runs the main trap after it
trap 'echo main got' USR1; (kill -USR1 $$; echo in-sub); echo after
#### kill $$ from a background job runs the main trap
trap 'echo main got' USR1; ( sleep 0.1; kill -USR1 $$ ) & sleep 0.3; echo after
#### wait is interrupted by a trapped signal
trap 'echo main got' USR1; ( sleep 0.1; kill -USR1 $$ ) & wait; echo $?
#### kill $$ from a job ends the main shell
trap 'echo bye' EXIT; ( sleep 0.1; kill $$ ) & sleep 0.3; echo no
#### kill BASHPID in a subshell
( kill $BASHPID; echo no ); echo $?
#### kill -ALRM BASHPID in a subshell prints a notice
{ echo a
( kill -ALRM $BASHPID; echo no ); echo $?; } 2>&1 | sed -E 's/: +[0-9]+ Alarm/: PID Alarm/'
#### kill -INT BASHPID in a subshell is silent
( kill -INT $BASHPID; echo no ); echo $?
#### kill -USR1 BASHPID in a subshell with the trap in the parent
trap 'echo u' USR1; ( kill -USR1 $BASHPID; echo alive ); echo $?
#### trap in a subshell for its own BASHPID
( trap 'echo t' USR1; kill -USR1 $BASHPID; echo after ); echo $?
#### kill BASHPID in a function in a subshell
f() { kill -HUP $BASHPID; }; { (f); echo $?; } 2>&1 | sed -E 's/: +[0-9]+ Hangup/: PID Hangup/'
#### kill BASHPID in command substitution
x=$( kill -USR1 $BASHPID; echo no ); echo $? "$x"
#### subshells reset caught traps and keep ignored ones
trap 'echo u' USR1; trap '' USR2; trap 'echo e' EXIT
(trap; echo --; trap -p USR1; trap 'echo x' HUP; echo --; trap)
#### command substitution lists the parent's traps
trap 'echo u' USR1; trap '' USR2; echo "$(trap)"
#### trap - of an ignored signal in a subshell
trap '' USR2; ( trap - USR2; trap ); ( kill -USR2 $BASHPID; echo alive )
#### background jobs ignore SIGINT and SIGQUIT
{ sleep 0.3; echo done; } & p=$!; sleep 0.1; kill -INT $p; kill -QUIT $p; wait $p; echo $?
#### a background job can trap SIGINT
( trap 'echo int' INT; sleep 0.3; echo done ) & p=$!; sleep 0.1; kill -INT $p; wait $p; echo $?
#### trap -l prints the whole table
trap -l
#### trap on KILL is accepted and listed
trap '' KILL; echo $?; trap -p KILL; trap 'echo x' STOP; echo $?
#### trap -p lists in signal order
trap 'echo t' TERM; trap 'echo u' USR1; trap 'echo h' HUP; trap 'echo e' EXIT; trap -p; trap -p TERM HUP
#### trap with a number resets
trap 'echo u' USR1; trap 10; trap -p USR1; echo "rc=$?"
#### trap bad option
trap -x; echo $?
#### trap SIG resets it
trap 'echo t' TERM; trap TERM; trap -p; echo end
#### trap with numbers and SIG prefix
trap 'echo one' 1; trap 'echo two' SIGUSR2; trap -p
#### wait for an unknown job and pid
wait %1; echo $?; wait 12345; echo $?; wait -x; echo $?
#### wait -n returns the killed job status
{ sleep 5 & sleep 5 & kill -9 %1; wait -n; echo $?; kill %2; wait -n; echo $?; wait -n; echo $?; } 2>&1 | sed -E 's/: +[0-9]+ Killed/: PID Killed/'
#### bare wait reports killed jobs
{ sleep 5 & kill -9 %1; wait; echo $?; } 2>&1 | sed -E 's/: +[0-9]+ Killed/: PID Killed/'
#### wait -p names the job
sleep 0.1 & p=$!; wait -p v -n; echo $? $([[ $v == "$p" ]] && echo same)
#### jobs -p in a pipeline and in command substitution
sleep 0.3 & jobs -p | wc -l; echo "$(jobs -p | wc -l)"; ( jobs ); wait
#### jobs jobspecs
sleep 0.3 & jobs %%; jobs %+ %-; jobs %1; wait
#### jobs bad option and unknown job
sleep 0.2 & jobs -z; echo $?; jobs %3; echo $?; wait
#### jobs -l shows the pid
sleep 0.2 & p=$!; jobs -l | sed -E "s/ +$p / PID /"; wait
#### jobs -x replaces a jobspec with its process group
sleep 0.2 & jobs -x echo a %1 b | sed -E 's/ [0-9]+ / N /'; wait
#### killed job is not listed by jobs
sleep 5 & p=$!; kill $p; wait $p; jobs; echo end
#### a killed job leaves the shell usable
for i in 1 2 3; do sleep 5 & kill $!; wait $!; echo "$i $?"; done
#### kill a job that runs a pipeline
{ sleep 5 | cat; } & p=$!; kill $p; wait $p; echo $?
#### kill a job blocked in read
{ read line < <(sleep 5); echo no; } & p=$!; sleep 0.1; kill $p; wait $p; echo $?
#### kill a job in a busy loop
( while :; do :; done ) & p=$!; sleep 0.1; kill $p; wait $p; echo $?
#### kill a job in a function loop
f() { while :; do sleep 0.01; done; }; f & p=$!; sleep 0.1; kill -USR2 $p; wait $p 2>/dev/null; echo $?
#### exec {COPROC[1]}>&- closes the coprocess's input
coproc cat; echo hi >&${COPROC[1]}; exec {COPROC[1]}>&-; read -r l <&${COPROC[0]}; echo "$l"; wait; echo $?
#### {fd}>&- closes the descriptor the variable holds
exec {fd}>/dev/null; exec {fd}>&-; echo x >&$fd; echo $?
#### {a[2]}> stores the descriptor in an array element
a=(); exec {a[2]}>/dev/null; [[ ${a[2]} -ge 10 ]] && echo yes; exec {a[2]}>&-; echo x >&${a[2]}; echo $?
#### {m[x]}> with an associative array
declare -A m; exec {m[x]}>/dev/null; [[ ${m[x]} -ge 10 ]] && echo yes; exec {m[x]}>&-; echo ok
#### {fd}>&- with fd unset or not a number
exec {fd}>&-; echo $?; fd=abc; exec {fd}>&-; echo $?
#### kill $$ from a pipeline stage runs the main trap after the pipeline
trap 'echo main got' USR1; echo x | { kill -USR1 $$; cat; }; echo after
#### kill $$ from a pipeline stage without a trap ends the shell
echo x | { kill $$; cat; }; echo after
#### kill BASHPID in a pipeline stage ends only that stage
true | { kill $BASHPID; echo no; }; echo "${PIPESTATUS[@]}"
#### kill -USR1 BASHPID in the last pipeline stage prints the job
{ true | ( kill -USR1 $BASHPID; echo no ); echo "${PIPESTATUS[@]}"; } 2>&1 | sed -E 's/(:|^) +[0-9]+ /\1 PID /'
#### kill -USR1 BASHPID in a middle stage is silent
{ true | { kill -USR1 $BASHPID; echo no; } | cat; echo "${PIPESTATUS[@]}"; } 2>&1
#### trap in a pipeline stage for its own BASHPID
echo x | { trap 'echo stage got' USR1; kill -USR1 $BASHPID; cat; }; echo after
#### jobs lists a finished job once as Done
sleep 0.1 & sleep 0.3; jobs; echo --; jobs; echo end
#### jobs shows Exit N for a failed job
(sleep 0.1; exit 3) & sleep 0.3; jobs
#### jobs -p keeps finished jobs in the table
sleep 0.1 & sleep 0.3; jobs -p | wc -l; echo --; jobs
#### jobs marks current and previous among finished and running jobs
sleep 0.05 & sleep 0.1 & sleep 0.6 & sleep 0.3; jobs; kill %3
#### jobs -r lists running jobs only
sleep 0.05 & sleep 0.5 & sleep 0.25; jobs -r; kill %2
#### jobspec of a listed finished job is gone but wait PID still works
sleep 0.1 & p=$!; sleep 0.3; jobs %1; jobs %1; echo $?; wait $p; echo $?
#### a job killed by TERM leaves the table after the next program
sleep 5 & kill %1; sleep 0.1; jobs -l; kill %1; echo $?
#### job numbers restart after the table empties
sleep 0.1 & sleep 0.3; jobs; sleep 0.2 & jobs; wait
#### return in a signal trap returns from the interrupted function
trap 'return 7' USR1; f() { kill -USR1 $$; echo no; }; f; echo $?
#### SIGKILL skips the EXIT trap
trap 'echo e' EXIT; kill -9 $$
#### CHLD trap runs when a background job ends
sleep 0.2 & trap 'echo chld' CHLD; wait; echo done $?
