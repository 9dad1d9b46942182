#### replace all with empty pattern match star
x=abc; echo "${x//*/X}" "${x/*/Y}"
#### replace with slash in replacement
p=a/b/c; echo ${p//\//:} "${p//\//\\}"
#### remove suffix glob class
f=file123; echo ${f%%[0-9]*} ${f##*[a-z]}
#### anchored replace on array
a=(pre-a pre-b); echo "${a[@]/#pre-/}"; echo "${a[@]/%a/A}"
#### length of positional params
set -- abc de; echo ${#1} ${#2} ${#@}
#### substring with arithmetic
x=abcdefgh; n=2; echo ${x:n:n+1} ${x:$((n*2))}
#### default on array element
a=(); echo "${a[0]:-none}"; a[0]=set; echo "${a[0]:-none}"
#### assign default to array element
unset b; echo ${b[2]:=two}; echo ${b[2]}
#### case modify on array
a=(ab cd); echo "${a[@]^^}" "${a[@],}"
#### transform on array
a=("x y" z); echo "${a[@]@Q}"
#### at Q on empty
e=; echo ${e@Q}
#### indirect with default
name=target; target=; echo "${!name:-fallback}"
#### pattern with question marks
x=abcd; echo ${x#??} ${x%??}
#### pattern with bracket negation
x=aaab; echo ${x##*[!b]}
#### nested default expansions
unset a b; echo ${a:-${b:-deep}}
#### special chars in replacement
x=hello; echo "${x/l/\$}" "${x//l/*}"
#### star vs at in length
set -- a b c; echo ${#*} ${#@}
#### unicode substring and case
x=ÄbC; echo ${x,,} ${#x} ${x:1}
#### dollar brace with spaces in quoted default
unset v; echo "${v:-a   b}"
#### escaped closing brace in default
unset v; echo "${v:-a\}b}"
#### parameter length of unset with nounset default
set -u; echo ${#nounset_var} 2>/dev/null || echo failed
#### ${var+set} detection idiom
unset v; [ -z "${v+set}" ] && echo unset; v=; [ -n "${v+set}" ] && echo set-empty
#### positional default
f() { echo "${1:-none} ${2-unset}"; }; f; f a; f a ""
#### array length after append in loop
a=(); for i in 1 2 3; do a+=("$i"); done; echo ${#a[@]} "${a[*]}"
#### array element with spaces preserved
a=("  padded  "); echo "[${a[0]}]"
#### IFS join star array
a=(1 2 3); IFS=+; echo "$(( ${a[*]} ))"
