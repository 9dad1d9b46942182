#### IFS default splitting trims
x="  a  b  "; set -- $x; echo $#; printf '<%s>' "$@"; echo
#### IFS colon
IFS=:; x="a:b::c:"; set -- $x; echo $#; printf '<%s>' "$@"; echo
#### IFS mixed whitespace and colon
IFS=': '; x="a : b  c::d"; set -- $x; printf '<%s>' "$@"; echo
#### IFS leading delimiter
IFS=,; x=",a,b"; set -- $x; printf '<%s>' "$@"; echo
#### IFS empty no splitting
IFS=; x="a b c"; set -- $x; echo $#
#### IFS unset default
unset IFS; x="a	b
c"; set -- $x; echo $#
#### splitting with literal prefix
x="1 2"; set -- pre$x; printf '<%s>' "$@"; echo
#### empty unquoted expansion vanishes
e=; set -- $e; echo $#; set -- "$e"; echo $#; set -- $e""; echo $#
#### star unquoted splitting
set -- "a b" c; for w in $*; do echo "[$w]"; done
#### at unquoted splitting
set -- "a b" c; for w in $@; do echo "[$w]"; done
#### at quoted adjacent
set -- a b; for w in "pre-$@-post"; do echo "[$w]"; done
#### command substitution splitting
for w in $(printf 'x y\nz'); do echo "[$w]"; done
#### command substitution trailing newlines
x=$(printf 'a\n\n\n'); echo "[$x]"; y=$(printf '\n\nb'); echo "[$y]"
#### command substitution exit status
x=$(exit 3); echo $?
#### nested quotes in substitution
echo "$(echo "a  b")" $(echo "c  d")
#### subshell variable isolation in substitution
x=1; y=$(x=2; echo $x); echo $x $y
#### backquote escapes
echo `echo \`echo inner\``; echo "`echo "quoted"`"
#### arithmetic in string
echo "sum: $((1+2))" 'no: $((1+2))'
#### word with equals not assignment
echo a=b; x=a=b; echo $x
#### assignment with command substitution keeps spaces
x=$(echo "a   b"); echo "$x"
#### assignment no splitting
x="a b"; y=$x; echo "$y"
#### multiple assignments one line
a=1 b=2 c=$((a+b)); echo $a $b $c
#### assignment before command is temporary
x=outer; x=inner true; echo $x
#### assignment before function
f() { echo "f sees $v"; }; v=tmp f; echo "[$v]"
#### dollar underscore
echo one two; echo $_
#### quoted dollar at in array
a=("x y" z); printf '<%s>' "${a[@]}" "${a[*]}"; echo
#### unicode passthrough
echo "héllo wörld ✓"; x=日本語; echo ${#x} ${x:1:1}
#### long string
x=$(printf '%0500d' 0); echo ${#x}
#### special chars in values
x='$HOME `cmd` \n'; echo "$x"
#### semicolon in quotes
echo "a;b" 'c;d'
#### pipes in quotes
echo "a|b" 'c&d'
#### parameter expansion on command substitution
x=$(echo /a/b/c.txt); echo ${x##*/} ${x%/*}
#### string concatenation loop
s=; for i in 1 2 3; do s+=$i,; done; echo ${s%,}
#### case conversion loop
for w in alpha beta; do echo ${w^}; done
#### trim whitespace idiom
x="   padded   "; y="${x#"${x%%[![:space:]]*}"}"; y="${y%"${y##*[![:space:]]}"}"; echo "[$y]"
#### split path idiom
IFS=/ read -ra parts <<< "usr/local/bin"; echo ${#parts[@]} ${parts[1]}
#### join array idiom
a=(x y z); (IFS=,; echo "${a[*]}")
#### default and error chaining
f() { local name=${1:-world}; echo "hello $name"; }; f; f you
#### here doc into variable
x=$(cat <<EOF
line one
line two
EOF
); echo "$x"
#### process substitution
cat <(echo from procsub)
#### process substitution diff style
while read l; do echo "got $l"; done < <(printf 'a\nb\n')
#### output process substitution
echo data > >(cat); wait
