#### declare invalid option
declare -z x; echo "rc=$?"
#### typeset invalid option
typeset -z; echo "rc=$?"
#### local invalid option in a function
f() { local -z; echo "rc=$?"; }; f
#### local outside a function is checked before its options
local -z; echo "rc=$?"; local; echo "rc=$?"
#### declare plus turns an attribute off
declare -i +i x=3+1; declare -p x
#### declare bundled letters and plus x
declare -ix n=2+3; declare +x n; declare -p n
#### declare readonly export bundle
declare -rx R=1; declare -p R
#### declare double dash ends options
declare -- -x 2>/dev/null; echo "rc=$?"; declare -i -- y=4*2; echo "$y"
#### export and readonly invalid options
export -z; echo "rc=$?"; readonly -q; echo "rc=$?"
#### set invalid options
set -z; echo "rc=$?"; set +z; echo "rc=$?"
#### set invalid option name
set -o nosuch; echo "rc=$?"
#### set bundled e and o
set -eo pipefail; shopt -po errexit pipefail
#### set o and plus o in order
set -o pipefail +o pipefail -o nounset; shopt -po pipefail nounset
#### set dash o lists every option
set -o
#### set plus o prints restoring commands
set +o
#### set double dash clears positionals
set -- a b; set --; echo "$#"
#### set options then operands
set -e -- a b; echo "$# $1"; set +e
#### set dash alone ends options
set - a b; echo "$# $2"
#### set dash turns off xtrace
set -x; set - c; echo "$1"
#### set operand after options
set -f x y; echo "$# $1"; set +f
#### read invalid option and missing argument
read -z x < /dev/null; echo "rc=$?"; read -t < /dev/null; echo "rc=$?"
#### read bad numbers
read -n x v < /dev/null; echo "rc=$?"; read -t abc v < /dev/null; echo "rc=$?"; read -u z v; echo "rc=$?"
#### read bundled options with attached values
printf 'abc:def' | { read -rd: v; echo "$v"; }
#### read -s on a pipe reads normally
printf 'pw\n' | { read -s p; echo "[$p]"; }
#### read -rsn bundle
printf 'secret' | { read -rsn3 p; echo "[$p]"; }
#### mapfile invalid option and missing argument
mapfile -z; echo "rc=$?"; mapfile -n; echo "rc=$?"
#### readarray invalid option
readarray -q; echo "rc=$?"
#### mapfile bad numbers
mapfile -n x a; echo "rc=$?"; mapfile -O x a; echo "rc=$?"; mapfile -s -1 a; echo "rc=$?"
mapfile -u x a; echo "rc=$?"; mapfile -c 0 a; echo "rc=$?"
#### mapfile bundled t and n
printf 'a\nb\nc\n' | { mapfile -tn2 a; echo "${#a[@]} ${a[*]}"; }
#### mapfile attached origin
printf 'x\ny\n' | { mapfile -tO3 a; echo "${!a[@]}"; }
#### cd invalid option
cd -z; echo "rc=$?"
#### cd L and P, last wins
mkdir -p real; ln -s real link; cd -P -L link; pwd; cd ..; cd -L -P link; pwd
#### cd Pe and double dash
mkdir -p d; cd -Pe d; pwd; cd -- ..; pwd
#### exec invalid option and missing argument
(exec -z); echo "rc=$?"; (exec -a); echo "rc=$?"
#### exec options accepted
(exec -c -l -a name echo hi)
#### eval invalid option and double dash
eval -z; echo "rc=$?"; eval -- 'echo ok'
#### alias keeps control characters raw
alias t=$'a\tb\001c'; alias t | od -c | head -2
#### alias quotes single quotes
alias q="it's" e=''; alias q e
#### alias listing and -p
alias b=2 a=1; alias; alias -p
#### alias invalid option
alias -z; echo "rc=$?"
