#### set -e exits on failure
set -e; echo a; false; echo never
#### set -e exempt in if condition
set -e; if false; then echo no; fi; echo survived
#### set -e exempt in and-or
set -e; false && echo no; false || echo rescued; echo survived
#### set -e last in and-or exits
set -e; true && false; echo never
#### set -e negation exempt
set -e; ! true; echo survived; ! false; echo still
#### set -e in while condition
set -e; while false; do :; done; echo survived
#### set -e function in condition
set -e; f() { false; echo "in f"; }; if f; then echo ok; fi; f || echo handled; echo end
#### set -e function failing
set -e; f() { false; echo "not reached"; }; f; echo never
#### set -e subshell
set -e; (false; echo no); echo never
#### set -e subshell exempt
set -e; (false) || echo caught; echo end
#### set -e command substitution assignment
set -e; x=$(false); echo never
#### set -e in command substitution not inherited
set -e; x=$(false; echo still); echo "$x"
#### set -e pipeline
set -e; false | true; echo survived; true | false; echo never
#### set -e with pipefail
set -eo pipefail; false | true; echo never
#### pipefail status
set -o pipefail; false | true; echo $?; true | (exit 3) | true; echo $?
#### set +e turns off
set -e; set +e; false; echo survived
#### set -e compound
set -e; { false; echo no; }; echo never
#### set -e exit status preserved
set -e; (exit 4); echo never
#### errexit in sourced file
echo 'false; echo after-false' > s.sh; set -e; . ./s.sh; echo never
#### set -x trace
set -x; x=1; echo "a b" $x; y=$(echo sub)
#### set -x with PS4
PS4='>> '; set -x; echo hi
#### set -x quoting
set -x; echo '' "it's" 'a"b' $'\t'
#### set -u array
set -u; a=(); echo "${a[@]:-empty}"; echo ${#a[@]}
#### ERR trap with errexit
set -e; trap 'echo trapped $?' ERR; false; echo never
#### exit trap sees status
trap 'echo exit status $?' EXIT; false; exit 5
#### EXIT trap on error exit
set -e; trap 'echo cleanup' EXIT; false
#### return trap
f() { trap 'echo returning' RETURN; echo body; }; f
#### set -n parses only
set -n; echo not run
#### set options listing
set -o errexit; set -o | grep errexit; set +o errexit; set -o | grep errexit
#### shopt listing
shopt nullglob; shopt -s nullglob; shopt nullglob; shopt -p nullglob; shopt -q nullglob; echo $?
#### dollar dash flags
set -eu; echo $-
#### invalid set option
set -o nosuchoption; echo $?
#### xtrace compound commands
set -x; for i in 1 "a b"; do :; done; [[ $i == a* && -n x ]]; ((i=2)); for ((j=0;j<1;j++)); do :; done; case x in x) :;; esac; x=(1 2); f() { :; }; f a; a=1 b=2 true
#### xtrace while and if
set -x; n=0; while [ $n -lt 2 ]; do n=$((n+1)); done; if [ $n = 2 ]; then echo two; fi
