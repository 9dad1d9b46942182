#### strip extension
f=archive.tar.gz; echo "${f%.*} ${f%%.*}"
#### get extension
f=archive.tar.gz; echo "${f##*.} ${f#*.}"
#### basename dirname via params
p=/usr/local/bin/tool; echo "${p##*/} ${p%/*}"
#### replace first
s=aaa; echo "${s/a/b}"
#### replace all
s="a b c"; echo "${s// /_}"
#### replace anchored start
s=foofoo; echo "${s/#foo/X}"
#### replace anchored end
s=foofoo; echo "${s/%foo/X}"
#### delete all occurrences
s="h-e-l-l-o"; echo "${s//-}"
#### replace with pattern class
s="a1b2c3"; echo "${s//[0-9]/#}"
#### substring
s=abcdefgh; echo "${s:2:3} ${s:5} ${s: -3} ${s: -3:2}"
#### substring negative length
s=abcdefgh; echo "${s:1:-2}"
#### length
s="hello world"; echo "${#s}"
#### uppercase first
s=hello; echo "${s^} ${s^^}"
#### lowercase
s=HELLO; echo "${s,} ${s,,}"
#### case conversion pattern
s=banana; echo "${s^^a}"
#### trim leading whitespace
s="   text  "; t="${s#"${s%%[![:space:]]*}"}"; echo "[$t]"
#### trim trailing whitespace
s="   text  "; t="${s%"${s##*[![:space:]]}"}"; echo "[$t]"
#### default if unset
unset v; echo "${v-unset} ${v:-empty}"
#### default if empty colon
v=; echo "[${v-unset}] [${v:-empty}]"
#### assign default
unset v; : "${v:=assigned}"; echo "$v"
#### alternate value
v=x; echo "${v:+set} [${u:+set}]"
#### error if unset message
## no-stderr
unset v; (echo "${v:?must be set}"); echo "rc=$?"
#### indirect expansion
name=target; target=value; echo "${!name}"
#### prefix names
pre_a=1 pre_b=2; echo "${!pre_@}"
#### quote transform Q
s="it's"; echo "${s@Q}"
#### escape transform E
s='a\tb'; echo "${s@E}"
#### upper transform U
s=mixed; echo "${s@U} ${s@L}"
#### string contains
s=foobar; [[ $s == *oba* ]] && echo contains
#### string starts with
s=prefix_rest; [[ $s == prefix_* ]] && echo starts
#### regex match capture
s="version 1.2.3"; [[ $s =~ ([0-9]+)\.([0-9]+)\.([0-9]+) ]] && echo "${BASH_REMATCH[0]} ${BASH_REMATCH[2]}"
#### regex in variable
re='^[a-z]+@[a-z]+\.com$'; [[ user@host.com =~ $re ]] && echo valid
#### repeat string printf
printf -v line '%*s' 10 ''; echo "[${line// /=}]"
#### string concatenation loop
s=; for i in 1 2 3; do s+="$i,"; done; echo "${s%,}"
#### char iteration
s=abc; for ((i=0;i<${#s};i++)); do echo "${s:i:1}"; done
#### string reverse
s=hello; r=; for ((i=${#s}-1;i>=0;i--)); do r+=${s:i:1}; done; echo $r
#### count occurrences
s="a,b,c,d"; c=${s//[^,]}; echo ${#c}
#### split on delimiter loop
s="x;y;z"; IFS=';' read -ra p <<< "$s"; for e in "${p[@]}"; do echo "-$e"; done
#### path components
p=a/b/c; IFS=/; set -- $p; echo "$# $2"
#### sanitize filename
n="My File (1).txt"; n="${n// /_}"; n="${n//[()]/}"; echo "$n"
#### lowercase via declare -l
declare -l lc=MiXeD; echo "$lc"; lc=NEW; echo "$lc"
#### uppercase via declare -u
declare -u uc; uc=abc; echo "$uc"
#### pattern removal with star in middle
s="key=value=more"; echo "${s%%=*} ${s#*=}"
#### replace with slash in pattern
p=/a/b/c; echo "${p//\//:}"
#### replacement referencing variable
old=cat new=dog; s="cat and cat"; echo "${s//$old/$new}"
#### quoted pattern in replacement literal
s='a*b*c'; echo "${s//'*'/-}"
#### substring of positional
set -- abcdef; echo "${1:1:2}"
#### length of positional params
set -- a b c; echo "${#@} ${#}"
#### nested param default
unset a b; echo "${a:-${b:-deep}}"
#### string compare lexicographic
[[ apple < banana ]] && echo lt; [[ b > a ]] && echo gt
#### printf %q quoting
printf '%q\n' "a b" 'it'"'"'s' '$x'
#### tr upper via command
echo hello | tr '[:lower:]' '[:upper:]'
#### string in ansi c quotes
s=$'tab\there\nnl'; echo "$s"
#### dollar single quote escapes
echo $'\x41\101\u00e9' | od -c | head -1
#### extglob pattern in param
shopt -s extglob; s="aaabbb"; echo "${s##+(a)}"
#### extglob trim spaces
shopt -s extglob; s="   hi   "; s="${s##+([[:space:]])}"; s="${s%%+([[:space:]])}"; echo "[$s]"
