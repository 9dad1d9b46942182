#### single quotes literal
echo '$HOME `x` \n "q"'
#### double quotes expand
v=val; echo "v=$v \$v \"q\" \\ \`"
#### mixed adjacent quotes
echo 'a'"b"c'd'
#### single quote inside single via close-escape-open
echo 'it'\''s'
#### ansi c quote with single quote
echo $'it\'s'
#### empty string arguments preserved
f() { echo $#; }; f "" '' x
#### unquoted empty var disappears
v=; f() { echo $#; }; f $v x
#### quoted at versus star
set -- "a b" c; for x in "$@"; do echo "[$x]"; done; for x in "$*"; do echo "{$x}"; done
#### star with custom IFS first char
set -- a b c; IFS=-; echo "$*"
#### IFS empty no splitting
IFS=; v="a b c"; for w in $v; do echo "[$w]"; done
#### glob in quotes not expanded
touch x1 x2; echo "x*"; echo x*
#### backslash escapes outside quotes
echo a\ b \$c \\d
#### backslash in double quotes only special chars
echo "\a \$ \\ \" \`"
#### newline in quoted string
echo "line1
line2"
#### tab literal via printf
printf 'a\tb\n' | cat -A
#### dollar at end of string
echo "cost$" 'x$'
#### brace expansion not in quotes
echo {a,b} "{a,b}"
#### tilde expansion only unquoted
HOME=/home/user; echo ~ "~" ~/x
#### tilde in assignment
HOME=/home/user; p=~/dir; echo $p
#### quoting in array elements
a=("one two" 'three' four\ five); echo ${#a[@]}; printf '<%s>' "${a[@]}"; echo
#### word splitting on newlines
v=$'a\nb c'; for w in $v; do echo "[$w]"; done
#### nested quotes in command substitution
echo "$(echo "inner 'single' \"double\"")"
#### quoted heredoc marker inside string
echo "<<EOF"
#### hash not comment mid-word
echo a#b '#c' #d
#### semicolon quoted
echo "a;b" 'c;d' e\;f
#### pipe char quoted
echo "a|b" | tr '|' '-'
#### redirect chars quoted
echo "<in> >out"
#### special params in quotes
set -- x y; echo "$# $1 ${2}"
#### quote removal in assignment
v="a   b"; w=$v; echo "$w"
#### assignment no word split
v=$(echo "a    b"); echo "$v"
#### eval with quotes
cmd='echo "hello world"'; eval "$cmd"
#### eval builds variable name
for i in 1 2; do eval "var$i=val$i"; done; echo $var1 $var2
#### printf %q roundtrip eval
s=$'tricky \'str\' $x'; q=$(printf '%q' "$s"); eval "r=$q"; [[ $r == "$s" ]] && echo same
#### escaped newline continuation
echo one \
two
#### quoted newline in single quotes
echo 'a
b'
#### unicode in quotes
echo "héllo wörld" | wc -m
#### dollar single quote unicode
echo $'\u2713'
#### IFS whitespace collapse vs non-whitespace
v="a,,b"; IFS=,; set -- $v; echo $#
#### IFS leading whitespace trimmed
v="  a b  "; set -- $v; echo $#
#### quoted variable with glob chars
touch star1; v='star*'; echo $v; echo "$v"
#### set -f disables globbing
touch g1; set -f; echo g*; set +f; echo g*
#### null glob default keeps pattern
echo nomatch*.zzz
#### nullglob option
shopt -s nullglob; echo start nomatch*.zzz end
#### dollar brace adjacent text
v=pre; echo "${v}fix $vfix."
#### arithmetic in double quotes
echo "sum: $((1+2))"
#### here-string with quotes
cat <<< 'single $x'
#### echo -e escapes
echo -e 'a\tb\x41'
#### echo -n no newline
echo -n abc; echo def
#### echo -- prints dashes
echo -- -n
#### echo -E disables escapes
echo -E 'a\tb'
