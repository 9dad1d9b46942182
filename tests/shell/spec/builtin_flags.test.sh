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
#### dirs invalid options and numbers
dirs -z; echo "rc=$?"; dirs +x; echo "rc=$?"; dirs -lv; echo "rc=$?"; dirs a; echo "rc=$?"
#### pushd and popd invalid numbers and arguments
pushd -z; echo "rc=$?"; popd +x; echo "rc=$?"; pushd /tmp >/dev/null; popd a; echo "rc=$?"
#### dirs index out of range
dirs +1; echo "rc=$?"; pushd /tmp >/dev/null; dirs +5; echo "rc=$?"; dirs -5; echo "rc=$?"
#### pushd and popd index out of range
pushd +1; echo "rc=$?"; pushd /tmp >/dev/null; pushd +5; echo "rc=$?"; popd -5; echo "rc=$?"
#### pushd rotates with +N and -N
pushd /tmp >/dev/null; pushd /usr >/dev/null; pushd +1; pushd -0; dirs -v
#### popd removes by index and -n keeps the directory
pushd /tmp >/dev/null; pushd /usr >/dev/null; popd +1; popd -n; dirs; pwd
#### popd -n +0 removes the next entry
pushd /tmp >/dev/null; pushd /usr >/dev/null; popd -n +0; pwd
#### pushd -n adds without changing directory
pushd -n /usr; pwd; dirs -p
#### dirs with an index, long form and numbers
pushd /tmp >/dev/null; dirs -l +1 -v; dirs +0 +1; dirs -1; dirs -l -p -0
#### pushd swaps the top two and dash goes to OLDPWD
pushd /tmp >/dev/null; pushd; pushd; cd /usr; pushd -; dirs -c; dirs
#### dirs double dash
dirs -- -z; echo "rc=$?"
#### set lists functions after the variables
f() { echo hi; }; g() { :; }; set | sed -n '/^f ()/,$p'
#### posix set lists no functions
set -o posix; f() { echo hi; }; set | grep -c '^f ()'
#### readonly double dash then names
readonly -- -x; echo "rc=$?"; readonly -- y=1; echo "$y"
#### local and local -p list only the function's variables
f() { local z=1 a=2; local -i n=2+2; local; echo --; local -p; }; f
#### declare plus a on an array is refused
declare -a arr=(1 2); declare +a arr; echo "rc=$?"; declare -A m; declare +A m; echo "rc=$?"; x=1; declare +a x; echo "rc=$?"
#### export -f checks the function exists
export -f nosuch; echo "rc=$?"; g() { :; }; export -f g; echo "rc=$?"
#### shopt lists every bash option
shopt
#### shopt -s and -u list in table form, -p as commands
shopt -s; echo --; shopt -u | head -5; echo --; shopt -p | tail -3
#### shopt -o lists the set options
shopt -o; shopt -po | head -4; shopt -so
#### shopt errors
shopt -o nosuch; echo "rc=$?"; shopt nosuch; echo "rc=$?"; shopt -s -u extglob; echo "rc=$?"; shopt -z; echo "rc=$?"
#### shopt query and ignored options
shopt -q extglob; echo "rc=$?"; shopt -s extglob; shopt -p extglob checkwinsize; shopt -s cmdhist; echo "rc=$?"
#### posix: shopt shift_verbose
## posix
shopt shift_verbose inherit_errexit
