#### while read with index counter printf
i=0; while IFS= read -r l; do printf '%02d %s\n' $((++i)) "$l"; done <<< $'a\nb'
#### for over lines of file with IFS newline
printf 'a b\nc d\n' > f; IFS=$'\n'; for l in $(cat f); do echo "[$l]"; done
#### nested while reads with different fds
printf '1\n2\n' > outer; printf 'x\n' > inner; while read -r o <&3; do while read -r i; do echo "$o$i"; done < inner; done 3< outer
#### loop over assoc sorted keys
declare -A m=([b]=2 [a]=1); for k in $(printf '%s\n' "${!m[@]}" | sort); do echo "$k${m[$k]}"; done
#### loop with continue on empty lines
while read -r l; do [[ -z $l ]] && continue; echo "$l"; done <<< $'x\n\ny'
#### loop modifying array while iterating copy
a=(1 2 3); for x in "${a[@]}"; do a+=($((x*10))); done; echo "${a[*]}"
#### loop over seq with step and format
for i in $(seq -w 1 3 10); do echo $i; done
#### c-style loop with empty condition and break
for ((i=0;;i++)); do (( i >= 3 )) && break; done; echo $i
#### c-style loop decreasing by 2
for ((i=10; i>0; i-=3)); do printf '%d ' $i; done; echo
#### until read fails
exec 3<<< $'p\nq'; until ! read -r l <&3; do echo "$l"; done; exec 3<&-
#### while with arithmetic and string test
n=0 s=; while (( n < 5 )) && [[ ${#s} -lt 3 ]]; do s+=x; ((n++)); done; echo "$n $s"
#### loop over words with glob chars safely
set -f; for w in a* b?; do echo "$w"; done; set +f
#### break out of while read early
seq 10 | while read -r n; do (( n > 2 )) && break; echo $n; done
#### loop redirect input from command output file
seq 3 > nums; total=0; while read -r n; do (( total += n )); done < nums; echo $total
#### loop output piped to sort and captured
r=$(for w in c a b; do echo $w; done | sort | tr '\n' ,); echo "${r%,}"
#### select with invalid then valid choice
## stdin: 9\n1\n
select o in alpha beta; do [[ -n $o ]] && { echo "picked $o"; break; }; echo "invalid $REPLY"; done 2>/dev/null
#### loop with case and counters
a=0 b=0; for x in a b a c a; do case $x in a) ((a++));; b) ((b++));; esac; done; echo "$a $b"
#### nested loop with break 1 only inner
for i in 1 2; do for j in 1 2 3; do (( j == 2 )) && break; echo "$i$j"; done; done
#### loop body with function call and return codes
f() { (( $1 % 2 )); }; for i in 1 2 3; do f $i && echo "odd $i"; done
#### loop reading two values per line into assoc
declare -A price; while read -r item p; do price[$item]=$p; done <<< $'apple 3\npear 5'; echo $(( price[apple] + price[pear] ))
#### for loop with brace range variable via seq
n=4; for i in $(seq 1 $n); do printf $i; done; echo
#### eval brace range with variable
n=3; for i in $(eval echo {1..$n}); do printf $i; done; echo
#### while loop on file descriptor with mapfile inside
printf 'a\nb\nc\n' > f; mapfile -t arr < f; i=0; while (( i < ${#arr[@]} )); do echo "${arr[i]}"; ((i+=2)); done
#### for loop over command with exit status check
for f in a b; do if ! grep -q "$f" <<< "abc"; then echo "miss $f"; fi; done; echo ok
#### loop accumulate with printf -v
s=; for i in 1 2 3; do printf -v s '%s%02d' "$s" $i; done; echo $s
