#### array append
a=(1 2); a+=(3 4); echo "${a[@]} ${#a[@]}"
#### array slice
a=(a b c d e); echo "${a[@]:1:3}"
#### array negative slice
a=(a b c d e); echo "${a[@]: -2}"
#### array last element
a=(a b c); echo "${a[-1]} ${a[${#a[@]}-1]}"
#### array unset element sparse
a=(a b c); unset 'a[1]'; echo "${#a[@]} ${!a[@]}"
#### array quoted vs unquoted
a=("x y" z); for i in "${a[@]}"; do echo "[$i]"; done; for i in ${a[@]}; do echo "<$i>"; done
#### array star join IFS
a=(1 2 3); IFS=,; echo "${a[*]}"
#### array join with printf
a=(x y z); printf -v s '%s,' "${a[@]}"; echo "${s%,}"
#### array from glob
touch f1.txt f2.txt; a=(*.txt); echo "${#a[@]} ${a[0]}"
#### array length of element
a=(hello); echo "${#a[0]}"
#### array pattern replace all
a=(foo.c bar.c); echo "${a[@]/%.c/.o}"
#### array prefix strip
a=(/x/a /y/b); echo "${a[@]##*/}"
#### array upper case
a=(ab cd); echo "${a[@]^^}"
#### array index arithmetic
a=(10 20 30); i=1; echo "${a[i+1]}"
#### array assign index
a[3]=x; a[1]=y; echo "${!a[@]} ${a[*]}"
#### array declare -a print
declare -a a=(1 "two words"); declare -p a
#### array contains check
a=(red green blue); [[ " ${a[*]} " == *" green "* ]] && echo yes
#### array loop remove element
a=(a b c b); n=(); for x in "${a[@]}"; do [[ $x != b ]] && n+=("$x"); done; echo "${n[@]}"
#### array reverse
a=(1 2 3 4); for ((i=${#a[@]}-1;i>=0;i--)); do printf '%s ' "${a[i]}"; done; echo
#### array sort via pipe
a=(c a b); mapfile -t s < <(printf '%s\n' "${a[@]}" | sort); echo "${s[@]}"
#### array copy
a=(1 "2 3"); b=("${a[@]}"); echo "${#b[@]} ${b[1]}"
#### array from string split
s="a:b:c"; IFS=: read -ra p <<< "$s"; echo "${p[1]}"
#### array unset whole
a=(1 2); unset a; echo "${#a[@]}"
#### array in arithmetic
a=(5 6); echo $(( a[0] * a[1] ))
#### array += element string
a=(ab); a[0]+=cd; echo "${a[0]}"
#### assoc basic
declare -A m; m[one]=1; m[two]=2; echo "${m[one]} ${m[two]}"
#### assoc literal
declare -A m=([a]=x [b]=y); echo "${m[b]}${m[a]}"
#### assoc keys sorted
declare -A m=([k1]=a [k2]=b [k3]=c); printf '%s\n' "${!m[@]}" | sort
#### assoc count
declare -A m=([a]=1 [b]=2); echo "${#m[@]}"
#### assoc key exists
declare -A m=([a]=1); [[ -v m[a] ]] && echo has-a; [[ -v m[z] ]] || echo no-z
#### assoc unset key
declare -A m=([a]=1 [b]=2); unset 'm[a]'; echo "${!m[@]}"
#### assoc counter word freq
declare -A c; for w in a b a c a; do c[$w]=$(( ${c[$w]:-0} + 1 )); done; for k in a b c; do echo "$k ${c[$k]}"; done
#### assoc key with spaces
declare -A m; m["my key"]=v; echo "${m["my key"]}"
#### assoc increment arithmetic
declare -A m; ((m[x]++)); ((m[x]+=5)); echo "${m[x]}"
#### assoc values loop sorted
declare -A m=([a]=3 [b]=1); for v in "${m[@]}"; do echo $v; done | sort -n
#### assoc declare -p single
declare -A m=([only]=v); declare -p m
#### assoc variable key
declare -A m; k=name; m[$k]=kefka; echo "${m[name]}"
#### assoc in function with local -A
f() { local -A t=([x]=1); echo "${t[x]}"; }; f; echo "[${t[x]:-}]"
#### assoc default value
declare -A m; echo "${m[none]:-default}"
#### assoc from read loop
declare -A env; while IFS== read -r k v; do env[$k]=$v; done <<'EOF'
A=1
B=2
EOF
echo "${env[B]}${env[A]}"
#### indexed array declare -p sparse
a=(); a[2]=x; a[5]=y; declare -p a
#### array of arrays via nameref
a1=(x y); a2=(z); for n in a1 a2; do declare -n r=$n; echo "${#r[@]}"; unset -n r; done
#### array passed to function
f() { echo "$# args, last ${!#}"; }; a=(1 2 3); f "${a[@]}"
#### function returns array via nameref
fill() { local -n out=$1; out=(p q); }; fill res; echo "${res[@]}"
#### empty array expansion quoted gives nothing
a=(); for x in "${a[@]}"; do echo never; done; echo ok
#### array element with glob char quoted
a=('*'); echo "${a[0]}"
#### array indices after append
a=([5]=x); a+=(y); echo "${!a[@]}"
#### array element default
a=(); echo "${a[0]:-empty}"
#### readarray then join
readarray -t a <<< $'1\n2\n3'; (IFS=+; echo "$(( ${a[*]} ))")
