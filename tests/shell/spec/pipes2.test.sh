#### grep pipeline to while read with fields
printf 'u1 active\nu2 idle\nu3 active\n' | grep active | while read -r user state; do echo "$user is $state"; done
#### awk output into array
mapfile -t cols < <(printf 'a 1\nb 2\n' | awk '{print $2}'); echo "${cols[*]}"
#### sed pipeline with variable
pre=ID; printf 'x\ny\n' | sed "s/^/$pre-/"
#### sort -t with key
printf 'b:2\na:10\nc:1\n' | sort -t: -k2 -n
#### cut with character range
echo abcdefgh | cut -c2-4
#### tr squeeze
echo "a    b   c" | tr -s ' '
#### wc -l from command output in var
n=$(printf 'a\nb\nc\n' | wc -l); echo $((n + 0))
#### tee in the middle of pipeline
printf 'q\nw\n' | tee mid.log | wc -l; cat mid.log
#### xargs -n grouping
echo 1 2 3 4 5 | xargs -n 2 echo
#### xargs with null separators
printf 'a b\0c\0' | xargs -0 -n1 echo item
#### find exec echo
mkdir -p fx; touch fx/a fx/b; find fx -type f -name 'a' -exec echo found {} \;
#### grep -o and count
echo "a1b22c333" | grep -o '[0-9]\+' | wc -l
#### grep -v empty lines
printf 'a\n\nb\n\n' | grep -v '^$'
#### grep -E alternation
printf 'cat\ndog\nbird\n' | grep -E 'cat|bird'
#### head -c bytes
printf 'abcdef' | head -c 3; echo
#### tail -n +2 skip header
printf 'h\n1\n2\n' | tail -n +2
#### nl numbering
printf 'x\ny\n' | nl -ba | tr -s ' '
#### sort -u with uniq -d
printf 'a\nb\na\nc\nb\n' | sort | uniq -d
#### join two files
printf '1 a\n2 b\n' > j1; printf '1 x\n2 y\n' > j2; join j1 j2
#### paste with delimiter
printf '1\n2\n' > p1; printf 'a\nb\n' > p2; paste -d: p1 p2
#### column count via awk NF
echo "a b c d" | awk '{print NF}'
#### awk with shell variable via -v
t=5; printf '3\n7\n' | awk -v t=$t '$1 > t'
#### sed delete line range
seq 5 | sed '2,4d'
#### sed print specific line
seq 10 | sed -n '7p'
#### sed multiple expressions
echo hello | sed -e 's/h/H/' -e 's/o$/O/'
#### tr character classes digits
echo "a1b2" | tr -d '[:digit:]'
#### sort reverse numeric
printf '3\n11\n2\n' | sort -rn
#### pipeline into read multiple vars
echo "k v extra" | { read -r a b; echo "$a/$b"; }
#### process substitution with while read and counter
n=0; while read -r _; do ((++n)); done < <(seq 7); echo $n
#### pipeline exit status of grep no match
echo abc | grep -q z; echo $?
#### PIPESTATUS after grep pipeline
printf 'a\n' | grep z | wc -l; echo "${PIPESTATUS[*]}"
#### stdin passthrough cat dash
echo piped | cat - 
#### here-string to pipeline
tr a-z A-Z <<< "up" | rev
#### redirect stdin of while from here-doc with pipe out
while read -r l; do echo "${#l}"; done <<EOF | sort -n
abc
a
ab
EOF
#### fd 3 to capture stderr separately
{ echo out; echo err >&2; } 3>&1 1>/dev/null 2>&3 | sed 's/^/E:/'
#### save and restore stdout with exec
exec 4>&1; exec 1>saved.txt; echo into-file; exec 1>&4 4>&-; echo back; cat saved.txt
#### read from fd opened on here-doc
exec 5<<EOF
five
EOF
read -r x <&5; echo $x; exec 5<&-
#### loop writing to fd 3 file
exec 3>lines.txt; for i in a b; do echo $i >&3; done; exec 3>&-; cat lines.txt
#### redirect append inside loop body vs outside
for i in 1 2; do echo $i; done >> outside.txt; for i in 3; do echo $i >> outside.txt; done; cat outside.txt
#### dev stdin read
echo from-stdin | cat /dev/stdin
#### stderr to stdout inside command substitution
v=$(echo e >&2 2>&1); echo "[$v]"
#### capture stderr only in variable
v=$( { echo o; echo e >&2; } 2>&1 >/dev/null ); echo "[$v]"
#### pipe into bash -s style
echo 'echo from-stdin-script' | bash
#### pipe into sh with args
echo 'echo "$1"' | sh -s -- arg1
#### multiline pipeline continuation
printf 'b\na\n' |
  sort |
  head -1
#### pipeline with && after
echo x | grep -q x && echo matched
#### background pipeline and wait
printf 'z\ny\n' | sort > bg.txt & wait; cat bg.txt
#### yes head pipeline count
yes abc | head -n 3 | wc -l
#### long pipeline
seq 20 | grep 1 | sort -r | head -3 | tr '\n' ' '; echo
#### bash -s with several args
printf 'echo "$# $1 $2"\n' | bash -s a "b c"
#### bash -s without args
echo 'echo "n=$#"' | bash -s
