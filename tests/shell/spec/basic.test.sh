#### echo simple
echo hello world
#### echo flags
echo -n a; echo -e 'b\tc'; echo -E 'd\ne'; echo -x; echo -- -n
#### semicolons and status
true; echo $?; false; echo $?
#### variables
x=hello; y="$x world"; echo "$y"; echo ${#y}
#### and or
true && echo a || echo b; false && echo c || echo d
#### if elif else
x=2
if [ $x -eq 1 ]; then echo one; elif [ $x -eq 2 ]; then echo two; else echo other; fi
#### for loop
for i in a b c; do echo "item $i"; done
#### while loop
i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done
#### until loop
i=0; until [ $i -ge 3 ]; do echo $i; i=$((i+1)); done
#### case
for w in apple banana cherry 42; do
  case $w in
    a*) echo "A: $w";;
    b*|c*) echo "BC: $w";;
    [0-9]*) echo "num";;
  esac
done
#### functions
f() { echo "in f: $1 $2"; return 3; }
f x y; echo "status $?"
#### command substitution
x=$(echo hi; echo there); echo "$x"; echo "$(echo nested $(echo deep))"
#### backquotes
echo `echo back`
#### arithmetic
echo $((1+2*3)) $((10/3)) $((10%3)) $((2**10)) $((-7/2)) $((1<<4)) $((0x1f)) $((8#17)) $((2#101))
#### pipeline
echo hello | cat
#### pipeline status
true | false; echo $?; false | true; echo $?
#### redirect to file
echo data > f.txt; cat f.txt; echo more >> f.txt; cat < f.txt
#### here doc
cat <<EOF
line1
  x=$((1+1))
EOF
#### here doc quoted
cat <<'EOF'
no $expansion here
EOF
#### here string
cat <<< "here string"
#### command not found
nosuchcommand
echo after
#### subshell
x=1; (x=2; echo $x); echo $x
#### brace group
{ echo a; echo b; } > out.txt; cat out.txt
#### syntax error
echo before
if true; then
fi
echo never
#### unset variable
echo "[$undefined]"
#### word splitting
x="a   b c"; for w in $x; do echo "<$w>"; done; for w in "$x"; do echo "<$w>"; done
#### positional
set -- one two three; echo $# $1 $3; shift; echo $@
#### exit status
(exit 7); echo $?
#### exit in script
echo a; exit 3; echo b
