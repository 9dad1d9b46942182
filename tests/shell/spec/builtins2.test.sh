#### positional slice
set -- a b c d; echo "${@:2}"; echo "${@:2:2}"; echo "${*: -1}"
#### drop first arg via set
set -- a b c; set -- "${@:2}"; echo "$# $1"
#### transform A on var
v="x y"; echo "${v@A}"
#### transform Q on array
a=("a b" c); echo "${a[@]@Q}"
#### transform a attributes
declare -ri n=1; echo "${n@a}"
#### assoc iteration order unsorted
declare -A m=([apple]=1 [banana]=2 [cherry]=3 [date]=4); echo "${!m[@]}"
#### assoc declare -p multiple
declare -A m=([x]=1 [y]=2 [z]=3); declare -p m
#### extglob in [[ without shopt
[[ foo == @(foo|bar) ]] && echo extglob-cond
#### case in command substitution with paren patterns
v=$(case b in a) echo A;; b) echo B;; esac); echo $v
#### select reads stdin
## stdin: 2\n
select c in red green blue; do echo "chose $c ($REPLY)"; break; done 2>/dev/null
#### alias expansion in script
shopt -s expand_aliases; alias ll='echo listing'; ll
#### unalias
shopt -s expand_aliases; alias x='echo x'; unalias x; type x >/dev/null 2>&1 || echo unaliased
#### alias -p prints
alias g='grep -n'; alias -p
#### command bypasses function
echo() { builtin echo "wrapped $*"; }; echo hi; command echo raw
#### builtin keyword
builtin printf '%s\n' direct
#### type builtin output
type cd; type -t if
#### type -a echo
type -a echo | head -1
#### command -V function
f() { :; }; command -V f | head -1
#### hash command exists
hash -r; echo "rc=$?"
#### enable -n disables builtin
enable -n echo; type -t echo; enable echo; type -t echo
#### eval multiple commands
eval 'a=1; b=2'; echo $((a+b))
#### eval with positional
set -- x; eval 'echo "$1"'
#### exec in subshell replaces
( exec echo replaced; echo never ); echo after
#### caller in function
f() { caller 0 | cut -d' ' -f2; }; f
#### mapfile callback
mapfile -t -C 'echo cb' -c 2 a < <(seq 4); echo ${#a[@]}
#### printf -v into array element
printf -v 'arr[2]' '%s' val; echo "${arr[2]}"
#### read into array element
read -r 'a[1]' <<< elem; echo "${a[1]}"
#### local dash restores options
f() { local -; set -f; echo "in: $-" | grep -c f; }; f; [[ $- == *f* ]] || echo restored
#### set -- with dash dash
set -- -x -y; echo "$1 $#"
#### shopt -q status
shopt -q nullglob; echo $?; shopt -s nullglob; shopt -q nullglob; echo $?
#### shopt -p output
shopt -p globstar
#### set -o vi-free list subset
set -o errexit; set -o | grep -E '^(errexit|nounset) '
#### declare -f multiple functions
a() { echo a; }; b() { echo b; }; declare -f a b
#### declare -p function not var
f() { :; }; declare -p f 2>/dev/null; echo "rc=$?"
#### true false exit codes
true; echo $?; false; echo $?
#### colon builtin with args
: ignored args $(echo also); echo $?
#### test builtin bracket missing close
[ 1 -eq 1; echo "rc=$?"
#### pwd -P and -L
mkdir -p real; ln -s real lnk; cd lnk; pwd; pwd -P | sed 's|.*/||'
#### dirs listing
mkdir -p dA; pushd dA > /dev/null; dirs | wc -w; popd > /dev/null
#### umask set and print
umask 027; umask; umask -S
#### times zero-ish format
times | wc -l
#### help for builtin exists
help cd > /dev/null 2>&1; echo "rc=$?"
#### kill -l lists signals
kill -l | head -1 | cut -d' ' -f1-3
#### wait without jobs
wait; echo "rc=$?"
#### jobs empty
jobs; echo "rc=$?"
#### source returns last status
echo 'false' > r.sh; source ./r.sh; echo "rc=$?"
#### return from sourced file
printf 'echo in\nreturn 3\necho never\n' > r.sh; . ./r.sh; echo "rc=$?"
#### exit in subshell from sourced
printf 'exit 2\n' > x.sh; (source ./x.sh); echo "rc=$?"
#### let multiple expressions status
let a=1 b=0; echo $?
#### printf builtin vs command printf same
printf '%s\n' x; command printf '%s\n' y
#### echo builtin options combined
echo -ne 'a\tb\n'
#### getopts after shift and reset OPTIND
set -- -a; getopts a o; echo $o; OPTIND=1; set -- -b; getopts b o; echo $o
#### kill -l full table
kill -l
#### kill -l number and name
kill -l 15; kill -l TERM; kill -l 143; kill -l sigint
#### mapfile callback default quantum not reached
mapfile -t -C 'echo never' a < <(seq 3); echo "${a[*]}"
#### mapfile callback sees line with spaces
f() { echo "idx=$1 line=[$2]"; }; mapfile -t -C f -c 1 a <<< $'a b\nc'; echo ${#a[@]}
