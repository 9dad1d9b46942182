#### quotes inside default in double quotes
unset x; echo "${x:-"a  b"}" "${x:-'single'}" "${x:-\$lit}"
#### nested parameter in pattern
x=abcabc; y=b; echo ${x//$y/-} "${x//"$y"/+}"
#### case inside command substitution
x=$(case a in a) echo matched;; esac); echo $x
#### parens in command substitution case patterns
y=$(case b in (a) echo A;; (b) echo B;; esac); echo $y
#### here doc inside command substitution
x=$(cat <<EOF
inside
EOF
); echo "[$x]"
#### here doc in pipeline
cat <<EOF | tr a-z A-Z
shout
EOF
#### here doc and pipe on same line
cat <<EOF | cat
one
EOF
#### multiple commands on continuation lines
echo a &&
echo b ||
echo c
#### pipeline continuation after pipe
echo piped |
  cat
#### comments after continuation
echo one # comment \
echo two
#### empty command substitution
x=$(); echo "[$x]"; $(true); echo $?
#### command substitution only assignment status
x=$(false); echo $?; x=$(true) y=$(exit 5); echo $?
#### for loop over empty list
for i in; do echo never; done; echo ok
#### for over quoted empty
for i in ""; do echo "[$i]"; done
#### while break from nested function
f() { return 1; }; while true; do f || break; done; echo out
#### function name with dash and dots
my-func() { echo dash; }; my.func() { echo dot; }; my-func; my.func
#### function overriding builtin
cd() { echo "fake cd $1"; }; cd /tmp; builtin cd /; pwd
#### local in nested function visible
outer() { local v=outer; inner; }; inner() { echo $v; }; outer
#### return value truncation
f() { return 300; }; f; echo $?
#### exit with no args uses last status
(false; exit); echo $?
#### set -- with dashes
set -- -a -b; echo "$1 $2"
#### shift in while loop
set -- a b c; while [ $# -gt 0 ]; do echo $1; shift; done
#### dollar at in function args
f() { echo $#; for a; do echo "<$a>"; done; }; f "x y" z ""
#### star in function with IFS
f() { local IFS=:; echo "$*"; }; f a b c
#### array with glob chars
touch g1 g2; a=("g*" g*); echo "${a[@]}"
#### unset special variable
unset HOME; echo "[${HOME-unset}]"; cd 2>&1; echo $?
#### string comparison operators
[[ abc < abd ]] && echo lt; [ abc \> abb ] && echo gt
#### test numeric with spaces
[ " 5" -eq 5 ] && echo eq
#### arithmetic with leading zeros var
x=08; echo $((10#$x)); echo $((x))
#### negative numbers in test
[ -5 -lt -3 ] && echo yes
#### integer overflow in test
[ 99999999999999999999 -gt 1 ]; echo $?
#### printf with many args and escapes in args
printf '%s\n' 'a\nb' "c\td"
#### echo with dash arguments
echo -; echo --; echo -n; echo
#### very long pipeline
echo x | cat | cat | cat | cat | cat | cat | cat | cat | cat
#### pipeline with functions
up() { tr a-z A-Z; }; echo hello | up
#### pipeline with builtins in each stage
echo a | { read x; echo "got $x"; } | cat
#### subshell exit status in pipeline
(exit 2) | (exit 3); echo ${PIPESTATUS[@]}
#### variable scope in pipeline
x=1; echo 2 | read x; echo $x
#### lastpipe changes scope
shopt -s lastpipe; echo 2 | read x; echo $x
#### redirect stdin of while from command
while read a; do echo "$a"; done < <(echo one; echo two)
#### brace group redirect input
{ read a; read b; } <<EOF
first
second
EOF
echo "$a $b"
#### nested quotes escapes
echo "a \"b\" 'c' \\d \$e"
#### single quote in dollar single
echo $'it\'s'
#### unicode escapes
echo $'\u263a' $'\U0001F600'
#### ANSI C octal
printf '%s\n' $'\101\102' $'\x41\x4a'
#### empty variable in test
x=; [ -z $x ] && echo empty; [ -n "$x" ] || echo reallyempty
#### test -n unquoted empty
x=; [ -n $x ] && echo quirk
#### colon in variable names no
a:b=1 2>/dev/null; echo $?
#### assignment to positional
1=x 2>/dev/null; echo $?
#### semicolon only line
;
#### double semicolon outside case
echo a;;
#### unmatched fi
fi
#### unclosed brace
{ echo a
#### unexpected done
done
#### unclosed single quote
echo 'abc
#### unexpected then in if
if then; fi
#### missing do
for i in 1 2; echo $i; done
#### function without body
f()
#### pipe at start
| cat
#### redirect missing file target
echo >
#### heredoc at end without delimiter
cat <<EOF
no end
