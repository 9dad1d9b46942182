#### tilde after equals in declare
HOME=/h; declare p=~/x; echo $p
#### tilde after colon in assignment
HOME=/h; P=/a:~/b; echo $P
#### tilde in export
HOME=/h; export Q=~/q; echo $Q
#### assignment value not globbed
touch m1 m2; v=m*; echo "$v"
#### for loop glob after quoted var
touch m1 m2; p='m*'; for f in $p; do echo $f; done
#### word splitting of unquoted dollar at
set -- "a b" c; for x in $@; do echo "[$x]"; done
#### dollar star unquoted IFS comma
set -- a b; IFS=,; echo $*; echo "$*"
#### empty IFS with dollar star
set -- a b; IFS=; echo "$*"
#### unset IFS default splitting
v="a:b c"; unset IFS; set -- $v; echo $#
#### IFS colon splitting var
v="a:b::c"; IFS=:; set -- $v; echo $#; printf '[%s]' "$@"; echo
#### command substitution IFS newline only
IFS=$'\n'; for l in $(printf 'a b\nc d\n'); do echo "<$l>"; done
#### local IFS does not leak
f() { local IFS=,; read -r a b <<< "1,2"; echo "$a+$b"; }; f; read -r x y <<< "3 4"; echo "$x+$y"
#### read IFS prefix scoped
IFS=, read -r a b <<< "x,y"; echo "$a $b"; v="p q"; set -- $v; echo $#
#### assignment prefix to builtin not persistent
x=1; x=2 true; echo $x
#### assignment prefix to special builtin persists posix off
x=1; x=2 :; echo $x
#### function sees temp env var
f() { echo "[$TMPV]"; }; TMPV=t f; echo "[${TMPV:-}]"
#### exit status of assignment with cmd subst
x=$(exit 5); echo $?; y=1; echo $?
#### status of empty command sub alone
$(true); echo $?
#### arithmetic command status
(( 0 )) || echo zero-false; (( 2 )) && echo nonzero-true
#### negative zero status
! (( 0 )); echo $?
#### pipeline negation status
! false | false; echo $?
#### brace group status
{ false; }; echo $?
#### subshell status
( exit 9 ); echo $?
#### last command in and list status
true && false; echo $?
#### or list status success
false || true; echo $?
#### semicolon status
false; true; echo $?
#### case status default zero
case a in b) false;; esac; echo $?
#### function status from return in if
f() { if true; then return 4; fi; }; f; echo $?
#### break inside nested function loop not allowed
f() { break; }; for i in 1 2; do f; echo $i; done 2>/dev/null
#### while read from file descriptor and inner read from stdin
## stdin: in1\n
printf 'f1\nf2\n' > f; while read -r l <&3; do echo "$l"; done 3< f; read -r s; echo "$s"
#### cat inside while read consumes input
printf 'a\nb\nc\n' | while read -r l; do echo "got $l"; cat > /dev/null; done
#### head in while loop with file input
printf '1\n2\n3\n4\n' > f; while read -r l; do echo "$l"; head -n 1 > /dev/null; done < f
#### loop var after loop
for i in 1 2 3; do :; done; echo $i
#### c for loop var after loop
for ((j=0; j<3; j++)); do :; done; echo $j
#### loop over empty string quoted
for x in ""; do echo "[$x]"; done
#### nested command sub in for list
for x in $(echo $(echo a b)); do echo $x; done
#### here string with no trailing newline counted
read -r -d '' v <<< "abc"; printf '%q\n' "$v"
#### case pattern with spaces quoted
case "a b" in "a b") echo spaced;; esac
#### case with bracket and star combo
case file10.log in file[0-9]*.log) echo numbered;; esac
#### unset array in loop
a=(1 2 3); for i in "${!a[@]}"; do (( a[i] == 2 )) && unset 'a[i]'; done; echo "${a[@]} ${!a[@]}"
#### array append in function global
a=(); add() { a+=("$1"); }; add x; add "y z"; echo ${#a[@]}
#### string length unicode
s="héllo"; echo ${#s}
#### substring unicode
s="日本語テキスト"; echo "${s:2:3}"
#### upper unicode ascii only
s="abc"; echo "${s^^}"
#### printf string with percent in arg
printf '%s\n' '100%'
#### echo with -e and octal
echo -e '\0101\0102'
#### integer comparison with leading zeros
[[ 010 -eq 8 ]] && echo octal || echo decimal
#### test -eq with leading zeros single bracket
[ 010 -eq 10 ] && echo decimal-bracket
#### arithmetic leading zero octal
echo $(( 010 + 0 ))
#### tilde after colons in PATH-like assignment
HOME=/h; P=/a:~/b:~:~root/z:x~/q; echo $P
#### escaped or quoted tilde after colon stays
HOME=/h; Q=a:\~/b; R=a:"~"/b; echo $Q $R
#### tilde followed by expansion not expanded
HOME=/h; S=a:~$HOME; echo $S
#### assignment-like argument tilde expansion
HOME=/h; echo a=~/x b=c:~/y
