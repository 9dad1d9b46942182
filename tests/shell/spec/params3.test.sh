#### default with command substitution lazily
unset v; echo "${v:-$(echo lazy)}"
#### default not evaluated when set
v=set; echo "${v:-$(echo never >&2; echo x)}"
#### assign default in arithmetic context
unset n; echo $(( ${n:=4} * 2 )) $n
#### error message with variable name
## no-stderr
unset REQ; f() { : "${REQ:?}"; echo no; }; f; echo "rc=$?"
#### alternate with quoting
v=1; echo "${v:+"has value"}"
#### length of array element vs array
a=(abc de); echo "${#a} ${#a[1]} ${#a[@]}"
#### substring of array elements
a=(abcd efgh); echo "${a[@]:0:1}" "${a[1]:1:2}"
#### pattern removal on all positional
set -- a.c b.c; echo "${@%.c}"
#### replacement on positional star
set -- aa ba; echo "${*/a/X}"
#### case modification of positional
set -- ab cd; echo "${@^}"
#### nested default with alternate
unset a; b=B; echo "${a:-${b:+alt-$b}}"
#### parameter with special pattern chars quoted
v='a*b*c'; p='*'; echo "${v//"$p"/.}" "${v//$p/.}"
#### remove prefix with character class
v=123abc; echo "${v##*([0-9])}"; shopt -s extglob; echo "${v##+([0-9])}"
#### bracket pattern in replacement
v=hello; echo "${v//[aeiou]/_}"
#### anchored replace with empty
v=prefix-body; echo "${v/#prefix-}"
#### indirect with array all
arr=(1 2 3); ref='arr[@]'; echo "${!ref}"
#### indirect expansion length
v=hello; n=v; echo "${#v} ${!n}"
#### substring with arithmetic expressions
s=abcdefgh; i=2; echo "${s:i*2:i+1}"
#### substring out of range empty
s=abc; echo "[${s:5}]"
#### negative offset larger than length
s=abc; echo "[${s: -5}]"
#### param transform K assoc
declare -A m=([a]=1); echo "${m[@]@K}"
#### uppercase first of each array elem
a=(alpha beta); echo "${a[@]^}"
#### dollar brace hash of positional count
set -- x y z; echo "${#}"
#### expansion of unset array star quoted
unset a; echo "[${a[*]}]"
#### assoc values with default
declare -A m; echo "${m[x]-none}"
#### nested braces in default word
unset v; echo "${v:-{a,b}}"
#### tilde in default word
HOME=/h; unset v; echo ${v:-~/d}
#### default value word splitting unquoted
unset v; for w in ${v:-a b c}; do echo "[$w]"; done
#### default quoted no splitting
unset v; for w in "${v:-a b c}"; do echo "[$w]"; done
#### assignment default with spaces
unset v; : ${v:="x  y"}; echo "[$v]"
#### remove suffix from path list
files="a.txt b.txt"; for f in $files; do echo "${f%.txt}"; done
#### lowercase comparison with ,,
a=YES; [[ ${a,,} == yes ]] && echo normalized
#### strip quotes from value
v='"quoted"'; v=${v#\"}; v=${v%\"}; echo "$v"
#### path join trailing slash handling
d=/a/b/; f=c; echo "${d%/}/$f"
#### count words via set
s="one two three"; set -- $s; echo $#
#### IFS-based field extraction
line="root:x:0:0:root:/root:/bin/bash"; IFS=: read -r user _ uid _ _ home shell <<< "$line"; echo "$user $uid $home $shell"
#### tilde in default forms
HOME=/h; unset v; echo "${v:-~/d}" ${v-~} ${v:=~/z}; echo $v
