#### declare -p scalar
v="a b"; declare -p v
#### declare -p integer
declare -i n=5; declare -p n
#### declare -r readonly print
declare -r RO=1; declare -p RO
#### declare -x exported
declare -x EX=val; declare -p EX
#### declare -g in function
f() { declare -g G=global; }; f; echo $G
#### declare in function is local
f() { declare L=local; }; f; echo "[${L:-}]"
#### typeset alias of declare
typeset -i t=2*3; echo $t
#### nameref basic
a=1; declare -n r=a; r=2; echo $a
#### nameref to array element
arr=(x y); declare -n e=arr; echo "${e[1]}"
#### unset nameref -n
a=1; declare -n r=a; unset -n r; r=5; echo "$a $r"
#### variable indirection with array
arr=(p q); name=arr[1]; echo "${!name}"
#### special var hash at
set -- 1 2 3; echo "$#"
#### dollar question after pipeline
false | true; echo $?
#### dollar zero in script
echo "${0##*/}"
#### LINENO
echo $LINENO
echo $LINENO
#### FUNCNAME empty at top
echo "[${FUNCNAME[*]:-}]"
#### BASH_VERSINFO major
(( BASH_VERSINFO[0] >= 5 )) && echo modern
#### SECONDS starts small
(( SECONDS < 5 )) && echo fast
#### RANDOM differs
a=$RANDOM; b=$RANDOM; [[ $a =~ ^[0-9]+$ ]] && echo numeric
#### PWD updated by cd
mkdir -p z; cd z; echo "${PWD##*/}"
#### OLDPWD set by cd
mkdir -p z; cd z; cd ..; echo "${OLDPWD##*/}"
#### HOME tilde
echo ~ | grep -c /
#### IFS default value
printf '%q\n' "$IFS"
#### set -- reset positional
set -- a b; set --; echo $#
#### positional beyond 9
set -- 1 2 3 4 5 6 7 8 9 10 11; echo ${10} ${11} $10
#### dollar at with prefix suffix
set -- a b; echo "x$@y"
#### array of positional
set -- p q r; args=("$@"); echo "${args[2]}"
#### dollar underscore last arg
echo a b c >/dev/null; echo $_
#### env command shows exported var
export ZZ_TEST=1; env | grep ^ZZ_TEST
#### unexported not in env
NOEXP=1; env | grep -c ^NOEXP=
#### export -n removes export
export EE=1; export -n EE; env | grep -c ^EE=
#### readonly -p includes var
readonly RR=5; readonly -p | grep -c RR
#### var with attribute -u then append
declare -u U=ab; U+=cd; echo $U
#### integer var string assignment zero
declare -i n; n=abc; echo $n
#### local scope with recursion
f() { local d=$1; (( d > 0 )) && f $((d-1)); echo -n "$d "; }; f 3; echo
#### assignment before command temporary
V=outer; V=temp sh -c 'echo $V'; echo $V
#### assignment before function
f() { echo "in f: $W"; }; W=temp f; echo "after: [${W:-}]"
#### multiple assignments one line
a=1 b=2 c=$((a+b)); echo $c
#### assignment with tilde and colon
PATHX=~/bin:~/lib; echo "$PATHX" | tr : '\n' | grep -c /
#### var name with underscore digits
_v1=ok; echo $_v1
#### compound assignment append string
s=ab; s+=cd; echo $s
#### integer append is addition
declare -i i=5; i+=5; echo $i
#### unset then default
x=1; unset x; echo "${x:-gone}"
#### declare -a empty then length
declare -a e; echo ${#e[@]}
#### shopt print single option
shopt extglob; shopt -s extglob; shopt extglob
#### set -o list contains noclobber
set -o | grep -c noclobber
#### dollar dash flags contains h
[[ $- == *h* ]] && echo hashall
#### declaration builtins do not split or glob assignment values
v="a  *"; touch a1 a2; declare y=$v; declare -p y; export z=$v; declare -p z; readonly r=$v; echo "[$r]"
#### command declare splits like a normal command
v="a  *"; command declare w=$v 2>/dev/null; echo "[$w]"
#### declare assignment still brace expands
declare x={a,b}; declare -p x
#### declare array compound with unquoted var
v="p q"; declare -a arr=($v); declare -p arr; local_f() { local -a l=($v "x y"); declare -p l; }; local_f
#### declare assoc and element with spaced value
v="1 2"; declare -A m=([k]=$v); declare -p m; declare n[1]=$v; declare -p n
#### local empty value and bare name
e=; f() { local a=$e b; echo "[$a][${b-unset}]"; }; f
#### local keeps leading spaces of argument
f() { local a=$1 b=$2; echo "[$a][$b]"; }; f x "  y"
#### declare value from var with leading spaces
b="  y"; declare d=$b; echo "[$d]"
