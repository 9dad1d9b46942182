#### break and continue
for i in 1 2 3 4 5; do
  if [ $i = 2 ]; then continue; fi
  if [ $i = 4 ]; then break; fi
  echo $i
done
#### break n
for i in a b; do for j in 1 2 3; do if [ $j = 2 ]; then break 2; fi; echo $i$j; done; done; echo end
#### continue n
for i in a b; do for j in 1 2 3; do if [ $j = 2 ]; then continue 2; fi; echo $i$j; done; done
#### break outside loop
break; echo after
#### while read loop
printf 'a b\nc d\n' > f; while read x y; do echo "x=$x y=$y"; done < f
#### while with pipe input
printf '1\n2\n3\n' | while read n; do echo "n=$n"; done
#### c style for
for ((i=0; i<3; i++)); do echo $i; done; for ((;;)); do echo once; break; done
#### c style for with multiple
for ((i=0, j=10; i<3; i++, j--)); do echo $i $j; done
#### for without in uses positional
set -- p q; for x; do echo $x; done
#### case fallthrough
case a in a) echo one;& b) echo two;; c) echo three;; esac
#### case test next
case ab in a*) echo first;;& *b) echo second;;& x) echo no;; esac
#### case with no match
case z in a) echo a;; esac; echo status $?
#### case patterns with quotes
x='*'; case foo in "$x") echo quoted;; $x) echo pattern;; esac
#### case bracket classes
for c in a 1 ' ' Z; do case "$c" in [[:digit:]]) echo digit;; [[:upper:]]) echo upper;; [[:space:]]) echo space;; *) echo other;; esac; done
#### case empty body and parens
case x in (x) ;; esac; echo ok
#### if with command list condition
if true; false; then echo yes; else echo no; fi
#### nested functions and return
outer() { inner() { return 5; }; inner; echo "inner=$?"; return 2; }; outer; echo "outer=$?"
#### return without value
f() { false; return; }; f; echo $?
#### function with local
x=global; f() { local x=local; echo $x; g; }; g() { echo "g sees $x"; }; f; echo $x
#### local without value
f() { local v; echo "[${v-unset}]"; v=1; echo $v; }; f; echo "[${v-unset}]"
#### dynamic scoping assignment
f() { local x=1; g; echo "f: $x"; }; g() { x=2; }; x=0; f; echo "top: $x"
#### function keyword
function foo { echo foo; }; function bar() { echo bar; }; foo; bar
#### function positional restore
set -- a b; f() { echo "$# $1"; }; f x y z; echo "$# $1"
#### recursion
fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }; fact 6
#### FUNCNAME
f() { echo ${FUNCNAME[0]} ${FUNCNAME[1]}; }; g() { f; }; g
#### exit in function
f() { exit 4; }; f; echo never
#### exit in subshell
(exit 3; echo no); echo $?
#### pipeline negation
! true; echo $?; ! false; echo $?
#### and or chains
false || false || echo third; true && false && echo no; echo $?
#### while false status
while false; do :; done; echo $?
#### loop status is last body status
for i in 1; do false; done; echo $?
#### until with break
n=0; until false; do n=$((n+1)); [ $n -ge 3 ] && break; done; echo $n
#### select from stdin
## stdin: 2\n
select x in apple banana; do echo "chose $x $REPLY"; break; done
#### brace group status
{ false; }; echo $?
#### semicolon after brace
{ echo a; } ; { echo b; }
#### if status when no branch
if false; then echo x; fi; echo $?
#### case with variables in pattern
p=b; case abc in a${p}c) echo matched;; esac
#### nested loops and functions break
f() { for i in 1 2 3; do [ $i = 2 ] && return 7; echo $i; done; }; f; echo $?
#### break inside subshell in loop
for i in 1 2; do (break; echo no); echo "i=$i"; done
#### break inside pipeline while in loop
for i in 1 2; do echo $i | while read x; do break; done; echo after$i; done
#### continue in function called from loop
f() { continue; }; for i in 1 2; do f; echo "i=$i"; done
