#### background job and wait
echo start; (echo bg) & wait; echo end
#### wait returns job status
(exit 3) & wait $!; echo "rc=$?"
#### multiple background jobs wait all
for i in 1 2 3; do (echo "job $i" > "out$i") & done; wait; cat out1 out2 out3
#### background function
f() { echo "from f"; }; f & wait
#### dollar bang numeric
sleep 0 & [[ $! =~ ^[0-9]+$ ]] && echo pid; wait
#### wait -n first finished
(exit 2) & wait -n; echo "rc=$?"
#### background output ordering with wait
{ sleep 0.1; echo late; } & echo early; wait
#### pipeline stream head exits early
yes | head -n 2
#### seq large into head
seq 1 1000000 | head -n 1
#### pipeline with while and counter output
seq 3 | while read n; do echo "n$n"; done | tac
#### time keyword output to stderr ignored
## no-stderr
time true; echo "rc=$?"
#### subshell exit does not exit parent
(exit 1); echo "parent alive $?"
#### nested subshells
( ( echo deep ) ); echo "$( ( echo deeper ) )"
#### BASHPID differs in subshell
[[ $BASHPID == "$(echo $BASHPID)" ]] || echo different
#### dollar dollar same in subshell
[[ $$ == "$(echo $$)" ]] && echo same
#### jobs lists running jobs with markers and commands
sleep 0.4 & sleep 0.4 & sleep 0.4 & jobs; wait
