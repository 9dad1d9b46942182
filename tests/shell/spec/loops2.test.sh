#### read pairs from heredoc
while read -r k v; do echo "$k -> $v"; done <<EOF
a 1
b 2
EOF
#### read with IFS equals
while IFS='=' read -r key val; do echo "[$key][$val]"; done <<EOF
name=kefka
empty=
eq=a=b
EOF
#### nested while reads from different fds
printf '1\n2\n' > f1; printf 'a\nb\n' > f2; while read -r x <&3 && read -r y <&4; do echo "$x$y"; done 3<f1 4<f2
#### loop with counter and modulo
for i in {1..10}; do (( i % 3 == 0 )) && echo $i; done
#### fizzbuzz
for i in $(seq 1 15); do if ((i%15==0)); then echo FizzBuzz; elif ((i%3==0)); then echo Fizz; elif ((i%5==0)); then echo Buzz; else echo $i; fi; done | tail -5
#### until loop with arithmetic
n=1; until (( n > 100 )); do n=$((n*3)); done; echo $n
#### loop over array indices
a=(x y z); for i in "${!a[@]}"; do echo "$i=${a[$i]}"; done
#### break from select-like while true
i=0; while true; do i=$((i+1)); if [ $i -ge 3 ]; then break; fi; done; echo $i
#### loop output redirected to pipe
for i in 3 1 2; do echo $i; done | sort
#### loop reading command output line by line
printf 'x y\nz\n' | while IFS= read -r line; do echo "<$line>"; done
#### word count per line
printf 'a b c\nd e\n' | while read -r -a w; do echo ${#w[@]}; done
#### accumulate into array in loop with lastpipe
shopt -s lastpipe; arr=(); printf '1\n2\n' | while read n; do arr+=($n); done; echo ${#arr[@]}
#### for loop with command substitution and glob off
set -f; for w in $(echo '*'); do echo "$w"; done
#### infinite loop with counter break
c=0; while :; do ((c++)); [[ $c -eq 5 ]] && break; done; echo $c
#### nested loop labels via break 2
for a in 1 2; do for b in 1 2; do [[ $a$b == 12 ]] && break 2; echo $a$b; done; done
#### for with semicolons on separate lines
for i in 1 2
do
  echo $i
done
#### while with complex condition
x=0; while [ $x -lt 5 ] && [ $x -ne 3 ]; do x=$((x+1)); done; echo $x
#### case in while with shift
set -- -v -o out file; while [ $# -gt 0 ]; do case $1 in -v) echo verbose;; -o) shift; echo "out=$1";; *) echo "arg=$1";; esac; shift; done
#### C for loop with empty sections
i=0; for ((; i<2; )); do echo $i; ((i++)); done
#### read loop preserving backslashes
printf 'a\\b\n' | while read -r l; do echo "$l"; done
