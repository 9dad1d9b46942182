#### PATH append with home tilde and lookup
HOME=/h; PATH=$PATH:~/bin; echo "${PATH##*:}"
#### local array copy from positional
f() { local -a args=("$@"); echo "${#args[@]} ${args[1]}"; }; f "a b" "c d"
#### local with command substitution spaces
f() { local out=$(printf 'a  b'); echo "[$out]"; }; f
#### export with spaced value then env
v="x  y"; export EV=$v; env | grep '^EV='
#### readonly with spaces
v="p  q"; readonly RV=$v; echo "[$RV]"
#### declare -i with expression from var
e="2 * 3"; declare -i n=$e; echo $n
#### declare multiple with spaced values
a="1 2"; b="3 4"; declare x=$a y=$b; echo "[$x][$y]"
#### local glob chars not expanded
touch g1 g2; f() { local p=g*; echo "$p"; }; f
#### assignment from array star
a=(x y z); s=${a[*]}; echo "[$s]"
#### assignment from at joined
set -- a b c; s=$@; echo "[$s]"
#### read -r -a then index math
read -r -a n <<< "4 5 6"; echo $(( n[0] + n[2] ))
#### nested array in string
a=(1 2); echo "count=${#a[@]} first=${a[0]} all=${a[*]}"
#### string repeat with seq
printf 'ab%.0s' $(seq 3); echo
#### printf column alignment from array
names=(x yy zzz); for n in "${names[@]}"; do printf '%-4s|\n' "$n"; done
#### sort unique array
a=(c a b a c); mapfile -t u < <(printf '%s\n' "${a[@]}" | sort -u); echo "${u[*]}"
#### assoc to sorted key value lines
declare -A m=([b]=2 [a]=1 [c]=3); for k in "${!m[@]}"; do echo "$k=${m[$k]}"; done | sort
#### assoc keys with special chars
declare -A m; m[a.b]=1; m[c-d]=2; m["e f"]=3; echo "${m[a.b]}${m[c-d]}${m[e f]}"
#### assoc copy
declare -A a=([x]=1 [y]=2) b; for k in "${!a[@]}"; do b[$k]=${a[$k]}; done; echo "${b[x]}${b[y]}"
#### assoc length after unset all
declare -A m=([x]=1); unset 'm[x]'; echo ${#m[@]}
#### indexed array from seq with step
a=($(seq 0 5 20)); echo "${a[@]}"
#### array element replace in loop
a=(a.txt b.txt); for i in "${!a[@]}"; do a[i]=${a[i]%.txt}.md; done; echo "${a[@]}"
#### array filter with regex
a=(v1.0 beta v2.3 x); for e in "${a[@]}"; do [[ $e =~ ^v[0-9] ]] && echo "$e"; done
#### join array with multi-char separator
a=(a b c); s=$(printf '%s, ' "${a[@]}"); echo "${s%, }"
#### array max via sort
a=(3 17 5); printf '%s\n' "${a[@]}" | sort -n | tail -1
#### array includes function
contains() { local x; for x in "${@:2}"; do [[ $x == "$1" ]] && return 0; done; return 1; }; contains b a b c && echo yes; contains z a b || echo no
#### split string into chars array
s=abc; a=(); for ((i=0;i<${#s};i++)); do a+=("${s:i:1}"); done; echo "${a[@]}"
#### here-doc in loop with array
for n in 1 2; do cat <<EOF
n=$n arr=${BASH_VERSINFO[0]}
EOF
done
#### multiple redirections and here-doc
cat <<EOF > hd.txt 2>&1
written
EOF
cat hd.txt
#### here-doc with pipe after delimiter line
cat <<EOF | wc -l
a
b
EOF
#### here-doc && chain
cat <<EOF && echo chained
body
EOF
#### read -r with backslash line continuation absent
printf 'a\\\nb\n' | { read -r l; echo "[$l]"; }
#### read without -r joins continuation
printf 'a\\\nb\n' | { read l; echo "[$l]"; }
#### printf with percent b and array
a=('x\ty' 'z'); printf '%b|' "${a[@]}"; echo
#### printf repeats format for each pair
printf '%s:%s ' k1 v1 k2 v2; echo
#### printf %s with number padding mixed
printf '%3s|%-3s|%03d\n' 1 2 3
#### printf -v with format reuse
printf -v s '%s-' a b c; echo "$s"
#### echo with quoted asterisk in var
v='*'; echo "$v"
#### arithmetic with array length
a=(1 2 3); echo $(( ${#a[@]} * 2 ))
#### arithmetic assign to array element
a=(); (( a[2] = 5 )); echo "${a[2]} ${#a[@]}"
#### arithmetic compare strings as vars
x=5 y=x; echo $(( y + 1 ))
#### test string not empty with spaces
v="  "; [[ -n $v ]] && echo nonempty; [[ -z ${v// } ]] && echo blank
#### regex with spaces in pattern variable
re='a b'; [[ "xa by" =~ $re ]] && echo matched
#### regex anchors and BASH_REMATCH cleared
[[ abc =~ ^(a)(b) ]]; [[ xyz =~ ^(a) ]]; echo "${#BASH_REMATCH[@]}"
#### case with numbers range glob
for n in 5 15 25; do case $n in [0-9]) echo one-digit;; 1[0-9]) echo teens;; *) echo other;; esac; done
#### function with default args
greet() { local name=${1:-world} punct=${2:-!}; echo "hello $name$punct"; }; greet; greet bob .
#### function returns string and status
check() { echo "checked $1"; [[ $1 == ok ]]; }; if out=$(check ok); then echo "$out pass"; fi; out=$(check no) || echo "$out fail"
#### trap on function error with set -E
set -E; trap 'echo "ERR in ${FUNCNAME[0]:-main}"' ERR; f() { false; }; f; echo done
#### pipefail with head early exit
set -o pipefail; seq 1 5 | head -1; echo "rc=$?"
#### subshell with set -e does not kill parent
(set -e; false; echo no); echo "parent rc=$?"
#### command group with redirect both
{ echo out; echo err >&2; } > g.txt 2>&1; sort g.txt
