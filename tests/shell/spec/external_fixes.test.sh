#### unquoted $* with empty IFS keeps the arguments apart
set -- 'one two' three '' four
IFS=
printf '<%s>' $*; echo
printf '<%s>' $@; echo
printf '<%s>' "$*"; echo
#### unquoted array with empty IFS keeps the elements apart
arr=('p q' r)
IFS=''
printf '[%s]' ${arr[@]} ${arr[*]}; echo
#### empty IFS inside a function that re-splits its arguments
add() { set $@ 5; echo "$1+$2+$3=$(($1 + $2 + $3))"; }
IFS=
add 10 20
#### empty anchored pattern prepends and appends
s=mid
echo "${s/#/<<}" "${s/%/>>}"
list=(one '' three)
printf '(%s)' "${list[@]/#/pre-}"; echo
printf '(%s)' "${list[@]/%/-post}"; echo
#### empty unanchored pattern leaves the value alone
s=mid
echo "${s//}" "${s/}" "[${s///x}]"
#### strip a single multibyte character with ?
w='ñandú'
echo "${w#?}" "${w%?}" "${w##?}" "${w%%?}"
#### strip whole multibyte strings with ? around literal text
w='éxyzé'
echo "[${w#?xyz?}]" "[${w%?xyz?}]" "[${w#?x}]"
#### replace every character of a multibyte string
w='aβγ'
echo "${w//?/.}" "${w/?/_}" "${w/#?/^}" "${w/%?/\$}"
#### IFS holding a multibyte character splits on it whole
v='1→2→→3'
IFS='→'
printf '<%s>' $v; echo
v='é→è'
printf '<%s>' $v; echo
#### IFS multibyte character next to other text with the same lead byte
IFS='é'
v='aébèc'
printf '<%s>' $v; echo
#### tilde prefix produced by brace expansion
HOME=/home/tester
echo ~{/a,/b} {x,~}/c ~{root,/d}
#### tilde inside double brackets
HOME=/srv/me
[[ ~ == /srv/me ]] && echo eq
[[ ~/x == */me/x ]] && echo pattern
[[ -n ~ ]] && echo nonempty
HOME=
[[ ~ ]] || echo empty-home
#### tilde on the right of =~ matches literally
HOME='a.c'
[[ abc =~ ~ ]]; echo dot=$?
[[ a.c =~ ~ ]]; echo lit=$?
#### invalid extended regex in =~ gives status 2
for re in '*x' '+' 'a|?' '(*)' 'b{' 'c{2' '^*'; do
  [[ abc =~ $re ]]; echo "$re $?"
done
#### valid regexes near the invalid ones still match
for re in 'a**' 'b{1}' 'c{,3}' '[*]' '\*' 'a|b' '()'; do
  [[ 'ab*c' =~ $re ]]; echo "$re $?"
done
#### array literal can use the array's own old value
a=(2 3)
a=(1 "${a[@]}" 4)
echo "${#a[@]}: ${a[*]}"
b=x
b=("$b" "${b}y")
echo "${b[@]}"
#### associative literal can use its own old value
declare -A m=([k]=v1)
m=([k]="${m[k]}+v2" [n]="${#m[@]}")
echo "${m[k]} ${m[n]}"
#### failglob error ends the shell under set -e
shopt -s failglob
set -e
echo before
echo nomatch*.none
echo after
#### failglob error only fails the command without set -e
shopt -s failglob
echo nomatch*.none
echo "status $?"
#### declaration builtins brace-expand inside a compound array value
declare -a nums=({1..3} end)
declare -p nums
f() { local -a w=(p{x,y} {2..1}); declare -p w; }
f
declare s=v{1,2}
declare -p s
#### declaration builtins keep an associative literal's braces literal
declare -A m=([k{1,2}]=v{3,4})
echo "${!m[@]} -> ${m[@]}"
#### indirect := assigns to the variable the reference names
ptr=target
target=
echo "${!ptr:=first}" "${!ptr:=second}" "$target"
#### indirect := to an array element is an invalid name
arr=(x)
ptr='arr[3]'
echo "${!ptr:=v}"
echo not reached
#### indirect expansion of an associative array without key 0 is empty
declare -A h=([k]=v)
echo "[${!h}]"
#### indirect expansion of an unset name is an error
echo "[${!nosuch}]"
echo not reached
#### @a and @A through an indirect reference describe the target
list=(1 2)
declare -A map=([0]=m)
declare -i num=7
for r in list 'list[1]' map 'map[0]' num; do echo "$r ${!r@a}"; done
r=num; echo "${!r@A}"
#### quoted dash and caret inside a bracket are literal
for ch in - C D B ^ x; do
  [[ $ch == [C\-D] ]] && echo "$ch in C-D"
  [[ $ch == [\^x] ]] && echo "$ch in ^x"
  [[ $ch == [B"-"D] ]] && echo "$ch in B-D quoted"
done
v=a-b^c
echo "${v//[\-\^]/_}"
#### GLOBIGNORE drops matching names and lets dot files match
touch -- a.txt b.log .hidden -flag
echo *
GLOBIGNORE='*.log:-*'
echo *
GLOBIGNORE=.hidden
echo .* *.txt
#### slices of an associative array count its values from 1
declare -A h
h[one]=1; h[two]=2; h[three]=3; h[four]=4
for off in 0 1 2 3 -1 -3; do echo "$off: ${h[@]:off:2}"; done
echo "${h[*]:3}"
#### indirect reference with an unterminated quote in its subscript
show() { local v=$(echo "${!1}"); echo "[$v]"; }
arr=(p q)
show 'arr[0"]'
show 'arr[1]'
echo "${!bad}" 2>/dev/null
bad='arr[1"]'
echo "${!bad}"
echo still running
#### set -e ignores the status of compound commands whose failure was exempt
set -e
{ false && echo no; }
echo "group $?"
if true; then [ -z x ] && echo no; fi
echo "if $?"
for i in 1 2; do [ $i = 3 ] && echo no; done
echo "for $?"
case k in k) false || false && echo no;; esac
echo "case $?"
{ false && true; } > /dev/null
echo "redirected $?"
#### set -e still exits for subshells, functions and plain failures inside groups
set -e
f() { false && true; }
( f ) || echo "subshell caught $?"
{ true; false; echo not reached; }
echo not reached either
#### set -e exits when a compound command's redirection fails
set -e
{ echo inside; } < /no/such/file || echo "caught $?"
if true; then echo in-if; fi > /no/such/dir/x || echo "caught again"
while read -r line; do echo "$line"; done < /no/such/file
echo not reached
#### declare -n on an existing reference points it elsewhere
x=XX; y=YY; declare -n q=x; echo $q; declare -n q=y; echo $q; q=z; echo $x $y
#### declare -n refuses a target that is not a variable name
declare -n r=1; echo "st=$?"; declare -p r; ref=1; typeset -n ref; echo "st=$? ref=$ref"; declare -p ref
#### a reference to an array element
declare -n s="a[1]"; a=(p q); echo $s; s=new; echo "${a[@]}"
