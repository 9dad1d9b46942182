#### local masks command substitution status
set -e; f() { local x=$(false); echo "survived $?"; }; f
#### declare masks status
x=$(false) ; echo $?; declare y=$(false); echo $?
#### errexit ignored in function called with or
set -e; f() { false; echo continued; }; f || true; echo end
#### errexit in command substitution with inherit_errexit
set -e; shopt -s inherit_errexit; x=$(false; echo no); echo "[$x]"
#### pipefail with successful head
set -o pipefail; printf 'a\nb\n' | head -n 1; echo $?
#### ERR trap inside function
trap 'echo "err at $LINENO"' ERR; f() { false; }; f; echo done
#### PIPESTATUS after negation
! false | true; echo "${PIPESTATUS[@]} $?"
#### exit trap runs once
trap 'echo exiting' EXIT; (exit 1); echo main done
#### subshell exit trap separate
trap 'echo parent' EXIT; ( trap 'echo child' EXIT; true ); echo between
#### variable assignment exit status from arith
x=$((0)); echo $?
#### status of if with failed condition and no else
if false; then :; fi; echo $?
#### status of case no match
case a in b) ;; esac; echo $?
#### function status is last command
f() { true; false; }; f; echo $?
#### loop var persists after loop
for i in 1 2 3; do :; done; echo $i
#### while read with last line no newline
printf 'a\nb' | while read -r l; do echo "$l"; done
#### assignment in condition
if x=$(echo val); then echo "ok $x"; fi
#### command in backticks in double quotes with quotes
echo "`echo "a b"`"
#### empty function body via colon
f() { :; }; f; echo $?
#### nested subst with arithmetic and quotes
echo "$(( $(echo 3) * $(echo "4") ))"
#### export then modify
export V=1; V=2; bash -c 'echo $V'
#### unset exported
export W=1; unset W; bash -c 'echo "[$W]"'
#### readonly in subshell
readonly K=1; (K=2) 2>/dev/null; echo $? $K
#### positional in subshell
set -- a b; (set -- x; echo $1); echo $1
#### IFS change is global
IFS=:; x="a:b"; set -- $x; echo $#; unset IFS; y="c d"; set -- $y; echo $#
#### cd affects PWD and OLDPWD
cd /tmp; cd /; echo "$PWD $OLDPWD"
#### relative cd with dotdot
mkdir -p a/b; cd a/b; cd ../..; echo "${PWD#$HOME}"
#### pwd after cd through symlink
mkdir -p real; ln -s real link; cd link; echo "${PWD#$HOME}"; pwd -P | sed "s|$HOME||"
#### cd dash prints directory
cd /tmp; cd /; cd - >/dev/null; pwd
#### special var hash in function
f() { echo $#; }; f 1 2 3; f
#### nested arrays of words with globs quoted
touch w1 w2; arr=("w*"); echo ${arr[0]}; echo "${arr[0]}"
#### ERR trap with errtrace
set -E; trap 'echo "err trapped"' ERR; f() { false; }; f; echo done
