#### function return code
f() { return 3; }; f; echo $?
#### function local shadowing
x=global; f() { local x=local; echo $x; }; f; echo $x
#### function dynamic scope
f() { echo "sees $v"; }; g() { local v=from-g; f; }; g
#### function modifies global
f() { count=$((count+1)); }; count=0; f; f; echo $count
#### function output captured
get() { echo "value"; }; r=$(get); echo "[$r]"
#### function args
f() { echo "$#: $1 ${2:-none} $*"; }; f a; f a b c
#### function shift loop
f() { while (( $# )); do echo "arg $1"; shift; done; }; f x "y z"
#### function recursion factorial
fact() { (( $1 <= 1 )) && { echo 1; return; }; echo $(( $1 * $(fact $(( $1 - 1 ))) )); }; fact 6
#### function recursion fibonacci
fib() { local n=$1; if ((n<2)); then echo $n; else echo $(( $(fib $((n-1))) + $(fib $((n-2))) )); fi; }; fib 10
#### function keyword syntax
function greet { echo "hi $1"; }; greet bob
#### function keyword with parens
function g2() { echo g2; }; g2
#### function return without value uses last status
f() { false; return; }; f; echo $?
#### function name with dash and colon
my-func() { echo dash; }; ns::f() { echo colon; }; my-func; ns::f
#### function redefinition
f() { echo one; }; f() { echo two; }; f
#### unset function
f() { echo x; }; unset -f f; type f >/dev/null 2>&1 || echo gone
#### FUNCNAME
outer() { inner; }; inner() { echo "${FUNCNAME[0]} ${FUNCNAME[1]}"; }; outer
#### local without value
f() { local v; echo "[${v-unset}]"; v=1; }; f
#### local -i integer
f() { local -i n=5; n+=3; echo $n; }; f
#### local array
f() { local a=(1 2 3); echo ${#a[@]}; }; f; echo "[${a[*]:-}]"
#### return value via global
f() { RESULT="computed"; }; f; echo $RESULT
#### function with redirect on definition
f() { echo to-file; } > fout; f; cat fout
#### function stdin from pipe
up() { tr a-z A-Z; }; echo abc | up
#### function in pipeline middle
dbl() { while read -r n; do echo $((n*2)); done; }; seq 3 | dbl | paste -sd+
#### return in sourced-like context status check
f() { [[ $1 == ok ]]; }; f ok && echo pass; f bad || echo fail
#### function with local IFS
split() { local IFS=,; set -- $1; echo $#; }; split "a,b,c"; echo "IFS unchanged: [${IFS}]" | od -c | head -1
#### declare -f prints function
f() { echo hi; }; declare -f f
#### declare -F lists names
a() { :; }; b() { :; }; declare -F
#### type of function
f() { :; }; type -t f; type -t echo; type -t ls
#### function early return in loop
find_first() { for x in "$@"; do [[ $x == *b* ]] && { echo $x; return 0; }; done; return 1; }; find_first aa ab bb; find_first zz || echo none
#### nested function definition
outer() { inner() { echo inner-defined; }; }; outer; inner
#### function with heredoc body
usage() { cat <<EOF
Usage: $1 [opts]
EOF
}; usage prog
#### function exit status of last command
f() { true; false; }; f; echo $?
#### export in function
f() { export FV=exported; }; f; bash -c 'echo $FV' 2>/dev/null || sh -c 'echo $FV'
#### local -n nameref increment
inc() { local -n ref=$1; ((ref++)); }; c=5; inc c; echo $c
#### function argument with spaces preserved
f() { printf '<%s>' "$@"; echo; }; f "a b" "" c
#### return large value wraps
f() { return 257; }; f; echo $?
#### caller-less usage pattern die
die() { echo "error: $*" >&2; return 1; }; die "oops" 2>/dev/null || echo "died"
#### function counts calls with global
calls=0; f() { ((calls++)); }; for i in 1 2 3; do f; done; echo $calls
#### local in subshell function body
f() ( x=inner; echo $x ); x=outer; f; echo $x
#### recursion depth moderate
d() { (( $1 == 0 )) && { echo bottom; return; }; d $(( $1 - 1 )); }; d 50
