#### case with alternatives
for x in apple cherry kiwi; do case $x in apple|cherry) echo "red $x";; *) echo "other $x";; esac; done
#### case with char class
for c in a Z 5 _; do case $c in [a-z]) echo lower;; [A-Z]) echo upper;; [0-9]) echo digit;; *) echo other;; esac; done
#### case fallthrough ;&
case 1 in 1) echo one;& 2) echo two;; 3) echo three;; esac
#### case continue ;;&
case abc in a*) echo starts-a;;& *c) echo ends-c;;& *) echo any;; esac
#### case no match status
case z in a) echo a;; esac; echo "rc=$?"
#### case with quoted pattern literal
p='*'; case x in "$p") echo literal;; *) echo glob;; esac
#### case with variable pattern glob
p='x*'; case xyz in $p) echo matched;; esac
#### case on command output
case $(echo yes) in y*) echo affirmative;; esac
#### case options parsing
set -- -v --name=foo file; for a; do case $a in -v) echo verbose;; --name=*) echo "name ${a#*=}";; -*) echo unknown;; *) echo "arg $a";; esac; done
#### case extglob pattern
shopt -s extglob; for f in a.jpg b.png c.txt; do case $f in *.@(jpg|png)) echo "img $f";; *) echo "no $f";; esac; done
#### case with paren-prefixed pattern
case b in (a) echo a;; (b) echo b;; esac
#### case empty string
case "" in "") echo empty;; *) echo nonempty;; esac
#### case nocasematch
shopt -s nocasematch; case YES in yes) echo matched;; esac
#### if elif else chain
n=15; if (( n < 10 )); then echo small; elif (( n < 20 )); then echo medium; else echo large; fi
#### nested if in loop
for i in 1 2 3 4; do if (( i % 2 )); then if (( i > 2 )); then echo "odd big $i"; else echo "odd $i"; fi; fi; done
#### continue in while
i=0; while (( i < 5 )); do ((i++)); (( i == 3 )) && continue; echo $i; done
#### continue 2
for a in 1 2; do for b in x y; do [[ $b == y ]] && continue 2; echo $a$b; done; echo never; done
#### c-style for multiple vars
for ((i=0,j=10; i<3; i++, j--)); do echo "$i $j"; done
#### for without in uses positional
set -- p q; for x; do echo $x; done
#### for over brace range step
for i in {10..0..5}; do echo $i; done
#### for over letters
for c in {a..e}; do printf $c; done; echo
#### until with break
n=0; until false; do ((n++)); ((n>=3)) && break; done; echo $n
#### while with multiple conditions
a=0; while (( a < 10 )) && [[ $a != 4 ]]; do ((a++)); done; echo $a
#### loop output to file
for i in 1 2; do echo $i; done > out.txt; cat out.txt
#### select-free menu via case in loop
for choice in 1 2 q; do case $choice in 1) echo first;; 2) echo second;; q) echo quit; break;; esac; done
#### loop with command list condition
i=0; while echo "check $i" >/dev/null; (( i < 2 )); do ((i++)); done; echo $i
#### group command output redirect
{ echo a; echo b; } > grp; wc -l < grp
#### subshell isolates cd and vars
x=1; (x=2; cd /); echo "$x"
#### brace group shares vars
x=1; { x=2; }; echo $x
#### while true with read from file break
printf 'a\nSTOP\nb\n' > f; while read -r l; do [[ $l == STOP ]] && break; echo $l; done < f
#### for loop over find output
mkdir -p d/s; touch d/1.log d/s/2.log; for f in $(find d -name '*.log' | sort); do echo "$f"; done
#### loop status is last body status
for i in 1; do false; done; echo $?
#### empty for loop status
for i in; do :; done; echo $?
#### while false status zero
while false; do :; done; echo $?
#### break status
for i in 1; do break; done; echo $?
#### short-circuit chain
true && echo a || echo b; false && echo c || echo d
#### negated pipeline
! grep -q x <<< abc && echo absent
#### if with command group condition
if { echo checking; true; }; then echo yes; fi
