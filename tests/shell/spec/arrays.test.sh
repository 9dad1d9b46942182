#### indexed array basics
a=(one two three); echo ${a[0]} ${a[2]} ${#a[@]} "${a[@]}"
#### array append
a=(1 2); a+=(3 4); a[10]=x; echo "${a[@]}" ${#a[@]} "${!a[@]}"
#### array element assignment
a[2]=c; a[0]=a; echo "${a[@]}" "${!a[@]}"
#### array in loop with spaces
a=("x y" z); for e in "${a[@]}"; do echo "<$e>"; done; for e in ${a[@]}; do echo "[$e]"; done
#### array star join
a=(a b c); IFS=-; echo "${a[*]}"; echo "${a[@]}"
#### negative index
a=(1 2 3 4); echo ${a[-1]} ${a[-2]}; a[-1]=X; echo "${a[@]}"
#### unset element
a=(a b c d); unset 'a[1]'; echo "${a[@]}" "${!a[@]}" ${#a[@]}
#### array slice
a=(a b c d e); echo "${a[@]:1:2}" "${a[@]:3}" "${a[@]: -2}"
#### array length of element
a=(hello wo); echo ${#a[0]} ${#a[1]} ${#a}
#### scalar as array
s=str; echo ${s[0]} ${#s[@]} "${s[@]}"
#### array element ops
a=(foo.txt bar.txt); echo "${a[@]%.txt}" "${a[@]/o/0}" "${a[@]^}"
#### associative array
declare -A m; m[one]=1; m[two]=2; echo ${m[one]} ${m[two]} ${#m[@]}; echo "[${m[three]}]"
#### associative literal
declare -A m=([a]=1 [b]=2); echo ${m[a]}${m[b]}
#### associative keys sorted output
declare -A m=([x]=1); m[y]=2; for k in x y; do echo "$k=${m[$k]}"; done
#### associative key with spaces
declare -A m; m["a b"]=1; k="a b"; echo ${m[$k]} ${m["a b"]}
#### declare -a with values
declare -a arr=(x y z); echo ${arr[1]}
#### array from command substitution
a=($(echo 1 2 3)); echo ${#a[@]} ${a[2]}
#### array index arithmetic
a=(0 10 20 30); i=1; echo ${a[i+1]} ${a[$i]} ${a[i*3]}
#### array assignment keyed
a=([3]=c [1]=a); echo "${!a[@]}" "${a[@]}"
#### empty array
a=(); echo ${#a[@]} "[${a[@]}]"; set -u; echo "${a[@]}" ok
#### copy array
a=(1 "2 3" 4); b=("${a[@]}"); echo ${#b[@]} "${b[1]}"
#### array plus equals element
a=(x); a[0]+=y; echo ${a[0]}
#### mapfile
printf 'a\nb\nc\n' > f; mapfile -t lines < f; echo ${#lines[@]} ${lines[1]}
#### readarray with delimiter kept
printf 'a\nb\n' > f; readarray arr < f; printf '[%s]' "${arr[@]}"; echo
#### declare -p array
a=(1 "two words"); declare -p a
#### declare -p assoc
declare -A m=([k]=v); declare -p m
#### unset whole array
a=(1 2); unset a; echo "${#a[@]}"
#### array keys of sparse
a[5]=x; a[2]=y; echo "${!a[@]}"
#### associative iteration order like bash
declare -A m=([a]=1 [b]=2 [c]=3 [zz]=4 [hello]=5 [world]=6 [key1]=7 [key2]=8 [x]=9); echo ${!m[@]}; echo ${m[@]}
#### associative order after unset and reinsert
declare -A m; m[one]=1; m[two]=2; m[three]=3; unset 'm[one]'; m[one]=again; for k in "${!m[@]}"; do echo "$k=${m[$k]}"; done
#### associative declare -p order
declare -A m=([alpha]=1 [beta]=2 [gamma]=3); declare -p m
#### associative word count loop
declare -A count; for w in a b a c b a; do count[$w]=$(( ${count[$w]:-0} + 1 )); done; for k in "${!count[@]}"; do echo "$k ${count[$k]}"; done
