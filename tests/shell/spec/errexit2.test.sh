#### set -e stops at failing command
set -e; echo a; false; echo b
#### set -e exempt in if
set -e; if false; then echo y; else echo n; fi; echo done
#### set -e exempt with ||
set -e; false || echo recovered; echo end
#### set -e exempt left of &&
set -e; false && echo no; echo reached
#### set -e last in && list fails
set -e; true && false; echo not
#### set -e with negation
set -e; ! true; echo still
#### set -e in subshell
set -e; (false; echo inner); echo outer $?
#### set -e command substitution assignment
set -e; x=$(false); echo "no $x"
#### set -e local masks status
set -e; f() { local x=$(false); echo "masked"; }; f
#### pipefail reports failure
set -o pipefail; false | true; echo $?
#### no pipefail last status
false | true; echo $?
#### pipefail rightmost nonzero
set -o pipefail; (exit 3) | (exit 5) | true; echo $?
#### set -euo pipefail pipe failure exits
set -euo pipefail; false | cat; echo no
#### set -u unset variable error
## no-stderr
set -u; echo "$undefined_var"; echo after
#### set -u default ok
set -u; echo "${undefined_var:-dflt}"
#### set -u with empty array length
set -u; a=(); echo "${#a[@]}"
#### set -u positional
## no-stderr
set -u; echo "$1"; echo no
#### set -u dollar-at ok when empty
set -u; echo "[$@]"
#### set -e function failure stops
set -e; f() { false; echo in-f; }; f; echo after
#### set -e function in condition not stopped
set -e; f() { false; echo in-f; }; if f; then echo ok; fi
#### set -e while condition
set -e; i=0; while [ $i -lt 2 ]; do i=$((i+1)); done; echo $i
#### set -e arithmetic zero exits
set -e; i=0; ((i++)); echo never
#### set -e arithmetic guarded
set -e; i=0; ((i++)) || true; echo $i
#### set +e turns off
set -e; set +e; false; echo cont
#### errexit status returned
set -e; (exit 4); echo no
#### set -e with trap EXIT
set -e; trap 'echo cleanup' EXIT; false; echo no
#### PIPESTATUS array
true | false | true; echo "${PIPESTATUS[@]}"
#### PIPESTATUS single
(exit 2); echo "${PIPESTATUS[0]}"
#### set -o shows errexit
set -e; [[ $- == *e* ]] && echo has-e
#### set -o pipefail query
set -o pipefail; set -o | grep pipefail
#### strict mode script typical
set -euo pipefail
IFS=$'\n\t'
files=(a b)
for f in "${files[@]}"; do echo "item $f"; done
echo "${OPT:-none}"
#### set -e in sourced-like block group
set -e; { echo one; false; echo two; }; echo three
#### set -e inherit in command sub no
set -e; v=$(false; echo sub); echo "$v"
#### inherit_errexit
set -e; shopt -s inherit_errexit; v=$(false; echo sub); echo "got $v"
#### set -u unset array element
## no-stderr
set -u; a=(1); echo "${a[5]}"; echo no
#### errexit with case
set -e; case x in x) false ;; esac; echo no
#### or-true idiom
set -e; grep -q zz <<< abc || true; echo fine
#### exit status of failed command captured
set -e; if ! out=$(false); then echo "failed"; fi
#### status capture idiom
set -e; rc=0; false || rc=$?; echo "rc=$rc"
