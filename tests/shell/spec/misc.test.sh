#### alias expansion across lines
shopt -s expand_aliases
alias greet='echo hello'
greet world
alias two='echo one;echo two'
two
#### alias with trailing space chains
shopt -s expand_aliases
alias run='echo running '
alias target='TARGET'
run target
#### alias recursion guard
shopt -s expand_aliases
alias ls='ls -d'
mkdir -p q; ls q
#### unalias missing
unalias nope; echo $?
#### declare -f lists names
f() { :; }; g() { :; }; declare -F
#### function redefinition
f() { echo one; }; f; f() { echo two; }; f
#### function with redirect
f() { echo inside; } > fout; f; cat fout
#### function body subshell
f() ( x=inner; echo $x ); x=outer; f; echo $x
#### recursive fib
fib() { local n=$1; if ((n < 2)); then echo $n; return; fi; echo $(( $(fib $((n-1))) + $(fib $((n-2))) )); }; fib 10
#### local array and assoc
f() { local -A m=([k]=v); local -a a=(1 2); echo ${m[k]} ${#a[@]}; }; f; echo "[${m[k]}]"
#### nameref
f() { local -n ref=$1; ref=changed; }; x=orig; f x; echo $x
#### nameref to array
f() { local -n arr=$1; arr+=(new); }; a=(old); f a; echo "${a[@]}"
#### declare -g in function
f() { declare -g G=global; local L=local; }; f; echo "$G [$L]"
#### export in function
f() { export E=exported; }; f; bash -c 'echo $E'
#### unset function variable restores outer
x=outer; f() { local x=inner; unset x; echo "[${x-unset}]"; }; f; echo $x
#### readonly assignment error
readonly r=1; r=2; echo "still $r"
#### integer attribute arithmetic
declare -i x=10; x+=5; echo $x; x="2*3"; echo $x
#### uppercase attribute
declare -u up; up=mixed; echo $up; up+=more; echo $up
#### let multiple
let a=1 b=a+1 c=b*3; echo $a $b $c
#### case with command substitution subject
case $(echo yes) in yes) echo matched;; esac
#### case glob chars in subject
x='a*'; case "$x" in 'a*') echo literal;; esac
#### case multiple patterns with spaces
case "a b" in "a b") echo spaced;; esac
#### here doc with quotes inside
cat <<EOF
"double" 'single' \`tick\`
EOF
#### here doc delimiter with quotes part
cat <<"END"
$HOME stays
END
#### here doc backslash newline
cat <<EOF
a\
b
EOF
#### here doc empty
cat <<EOF
EOF
echo after
#### here string multiword
while read w; do echo "<$w>"; done <<< "one
two"
#### printf with no format args
printf 'plain\n'
#### printf negative and plus
printf '%+d %d % d\n' 5 -5 5
#### printf char from quote
printf '%d %d\n' "'A" "'a"
#### printf hex upper
printf '%#x %#o\n' 255 8
#### echo -n -e combined
echo -ne 'a\tb\n'
#### echo backslash without e
echo 'a\nb'
#### read with prompt from non tty
## stdin: val\n
read -p 'Prompt: ' v; echo "v=$v"
#### read multiple lines loop count
## stdin: 1\n2\n3\n
n=0; while read -r l; do n=$((n+l)); done; echo $n
#### read -d empty reads until NUL
printf 'a\nb' | { read -d '' x; echo "[$x]"; }
#### mapfile skip and count
seq 10 > f; mapfile -s 2 -n 3 -t arr < f; echo "${arr[@]}"
#### time keyword status
time true 2>/dev/null; echo $?
## no-stderr
#### coproc simple
coproc cat; echo ok
#### dollar dollar is number
[[ $$ =~ ^[0-9]+$ ]] && echo pid
#### BASHPID differs in subshell
a=$BASHPID; b=$(echo $BASHPID); [ "$a" != "$b" ] && echo differ
#### RANDOM range
r=$RANDOM; [ $r -ge 0 ] && [ $r -le 32767 ] && echo ok
#### SECONDS
[ $SECONDS -ge 0 ] && echo ok
#### BASH_VERSION
[[ $BASH_VERSION == 5.* ]] && echo v5; echo ${BASH_VERSINFO[0]}
#### PIPESTATUS array
true | false | true; echo "${PIPESTATUS[@]}"; false; echo "${PIPESTATUS[@]}"
#### caller in function
f() { caller 0 >/dev/null && echo has-caller; }; f
#### dirs stack
cd /tmp; pushd / >/dev/null; dirs; popd >/dev/null; dirs
#### unset array element then length
a=(1 2 3); unset 'a[0]'; echo ${#a[@]} ${a[@]}
#### indirect array reference
a=(x y); ref='a[1]'; echo ${!ref}
#### eval with quotes
eval "x='a b'"; echo "$x"
#### eval sets positional
eval set -- a b c; echo $#
#### source with relative path lookup
echo 'echo from path' > inpath.sh; PATH=.:$PATH; source inpath.sh
#### exit from sourced file
echo 'exit 4' > ex.sh; (. ./ex.sh; echo no); echo $?
#### return from sourced file inside function
echo 'return 6' > rt.sh; f() { . ./rt.sh; echo "after source $?"; }; f
#### trap reset
trap 'echo trapped' EXIT; trap - EXIT; echo done
#### trap INT accepted
trap 'echo int' INT TERM; echo ok
#### kill invalid
kill %9; echo $?
## no-stderr
#### wait for nothing
wait; echo $?
#### jobs empty
jobs; echo $?
#### type keyword and builtin
type -t if; type -t echo; type -t nonexistent; echo $?
#### declare -f prints function
f() { echo "hi $1" > out; local x=1; if [ $x = 1 ]; then echo yes; elif false; then :; else echo no; fi; for i in a b; do echo $i; done; while false; do break; done; case $x in a|b) echo ab;; *) echo other;; esac; a && b || c; x | y; (sub); { grp; }; cmd & [[ $x == y ]]; echo $(date) `pwd` ${x:-d}; }; declare -f f
#### type prints function
g() ( echo sub ); type g
#### declare -f round trip
f() { local n=$1; echo "n=$n"; for i in 1 2; do echo $i; done; }; src=$(declare -f f); unset -f f; eval "$src"; f 7
#### function shipped to bash -c
greet() { echo "hello $1"; }; bash -c "$(declare -f greet); greet child"
