#### function stack FUNCNAME full
a() { b; }; b() { c; }; c() { echo "${FUNCNAME[*]}"; }; a
#### BASH_LINENO in function
f() { echo "called from line ${BASH_LINENO[0]}"; }
f
#### BASH_SOURCE in function
f() { echo "${BASH_SOURCE[0]##*/}"; }; f
#### function with return in loop inside pipeline
f() { printf '1\n2\n3\n' | while read -r n; do [[ $n == 2 ]] && return 7; echo $n; done; echo "after loop $?"; }; f; echo "rc=$?"
#### function modifies array passed by name
add() { local -n arr=$1; arr+=("$2"); }; list=(a); add list b; add list c; echo "${list[*]}"
#### function returns assoc via nameref
mk() { local -n m=$1; m[k]=v; m[x]=y; }; declare -A cfg; mk cfg; echo "${cfg[k]}${cfg[x]}"
#### local shadows then unset reveals global
x=global; f() { local x=local; unset x; echo "[${x-unset}]"; }; f
#### local in nested function visibility
outer() { local v=outer; inner; echo "outer sees $v"; }; inner() { v=changed; }; outer; echo "global [${v-unset}]"
#### function defined in subshell not visible
( f() { echo sub; } ); type f >/dev/null 2>&1 || echo not-visible
#### function with same name as command
ls() { echo "fake ls"; }; ls; command ls -d . ; unset -f ls
#### function overriding cd wrapper
cd() { builtin cd "$@" && echo "now in ${PWD##*/}"; }; mkdir -p w1; cd w1
#### function with IFS local and $*
j() { local IFS=$1; shift; echo "$*"; }; j , a b c; j - x y
#### function exit status of pipeline inside
f() { true | false; }; f; echo $?
#### function with pipefail set locally via local -
f() { local -; set -o pipefail; true | false; echo "in $?"; }; f; true | false; echo "out $?"
#### recursive function with local array
perm() { local p=$1 r=$2 i; if [[ -z $r ]]; then echo "$p"; return; fi; for ((i=0;i<${#r};i++)); do perm "$p${r:i:1}" "${r:0:i}${r:i+1}"; done; }; perm "" abc
#### hanoi moves count
hanoi() { local n=$1; (( n == 0 )) && return; hanoi $((n-1)); ((moves++)); hanoi $((n-1)); }; moves=0; hanoi 5; echo $moves
#### function output with trailing newlines stripped
f() { printf 'v\n\n\n'; }; r=$(f); echo "[$r]"
#### function reading stdin by default
count() { wc -l; }; printf '1\n2\n' | count
#### function with here-string inside
f() { read -r a b <<< "$1"; echo "$b $a"; }; f "x y"
#### return status in arithmetic function
is_pos() { return $(( $1 <= 0 )); }; is_pos 5 && echo pos; is_pos -1 || echo nonpos
#### trap RETURN only for that function
f() { trap 'echo ret-f' RETURN; }; g() { :; }; f; g; echo end
#### trap ERR inside function with errtrace
set -o errtrace; trap 'echo "err ${FUNCNAME[0]:-top}"' ERR; f() { false; :; }; f
#### EXIT trap runs after function exit call
trap 'echo "exit trap"' EXIT; f() { echo "in f"; exit 3; }; f
#### exit status preserved through EXIT trap
trap 'echo trap' EXIT; (exit 4); exit
#### unset -f within itself
f() { echo once; unset -f f; }; f; f 2>/dev/null || echo gone
#### function with brace on next line
f()
{
  echo braced
}
f
#### function body as subshell with cd
f() ( cd /; pwd ); f; [[ $PWD != / ]] && echo unchanged
#### function keyword without parens multiline
function build {
  local target=${1:-all}
  echo "building $target"
}
build; build lib
#### alias inside function definition time
shopt -s expand_aliases; alias say='echo said'; f() { say hi; }; f
#### function positional isolation
set -- outer1 outer2; f() { echo "$1 $#"; }; f inner; echo "$1 $#"
#### RETURN trap set at top level does not fire for functions
trap 'echo r' RETURN; g() { :; }; g; echo x
#### RETURN trap not inherited by called function
g() { :; }; f() { trap 'echo rf' RETURN; g; echo in-f; }; f; g; echo y
