#### nested command substitution
echo "$(echo "outer $(echo "inner $(echo deep)")")"
#### backticks
echo `echo back`
#### nested backticks escaped
echo `echo \`echo nested\``
#### trailing newlines stripped
v=$(printf 'a\n\n\n'); echo "[$v]"
#### internal newlines kept
v=$(printf 'a\nb'); echo "$v"
#### unquoted substitution splits
for w in $(echo "1 2  3"); do echo "<$w>"; done
#### quoted substitution no split
for w in "$(echo "1 2")"; do echo "<$w>"; done
#### substitution exit status
v=$(exit 3); echo $?
#### substitution in assignment with spaces
v=$(echo "a   b"); echo "$v"
#### substitution with pipes inside
n=$(printf 'x\ny\nz\n' | grep -v y | wc -l); echo $n
#### substitution reading file
echo content > f; v=$(< f); echo "$v"
#### substitution with case inside
v=$(case a in a) echo A;; esac); echo $v
#### substitution with parens in string
v=$(echo "(paren)"); echo "$v"
#### substitution with comment
v=$(echo hi # comment
); echo $v
#### substitution preserves quotes inside
v=$(echo "it's \"quoted\""); echo "$v"
#### substitution in here-string
tr a-z A-Z <<< "$(echo lower)"
#### substitution modifies var in subshell only
x=1; v=$(x=2; echo $x); echo "$v $x"
#### process substitution diff
diff <(printf 'a\nb\n') <(printf 'a\nc\n'); echo "rc=$?"
#### process substitution as file arg
cat <(echo from-procsub)
#### process substitution paste
paste <(seq 3) <(seq 4 6)
#### process substitution output
echo data > >(tr a-z A-Z); wait; sleep 0.1
#### comm with sorted procsub
comm -12 <(printf 'a\nb\nc\n') <(printf 'b\nc\nd\n')
#### substitution of function output with return
f() { echo out; return 2; }; v=$(f); echo "$v $?"
#### substitution in arithmetic
echo $(( $(echo 6) * $(echo 7) ))
#### substitution in array
a=($(printf '%s\n' x y z)); echo ${#a[@]}
#### substitution with glob result
touch g1 g2; v=$(echo g*); echo "$v"
#### substitution of stderr redirect
v=$(ls /nonexistent-xyz 2>&1 >/dev/null | wc -l); echo $v
#### substitution only stderr discarded
v=$( { echo out; echo err >&2; } 2>/dev/null ); echo "$v"
#### substitution dollar paren with subshell
v=$( (echo sub) ); echo $v
#### arithmetic vs subshell ambiguity
v=$( (echo a) && (echo b) ); echo $v
#### substitution line count idiom
printf 'l1\nl2\n' > f; lines=$(wc -l < f); echo "lines=$lines"
#### substitution basename
echo "$(basename /a/b/file.txt .txt) $(dirname /a/b/file.txt)"
#### substitution date format fixed
d=$(date -d @0 -u +%Y-%m-%d); echo $d
#### substitution empty
v=$(true); echo "[${v}]"
#### substitution with set -- splitting
set -- $(echo a b c); echo $# $2
