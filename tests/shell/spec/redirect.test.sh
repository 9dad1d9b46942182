#### stderr redirect
echo err 1>&2; echo out
#### stderr to file and back
{ echo o; echo e >&2; } 2> err.txt; echo "err: $(cat err.txt)"
#### both to file
{ echo o; echo e >&2; } &> both.txt; cat both.txt
#### append both
echo a &> f; echo b &>> f; cat f
#### 2>&1 into pipe
{ echo out; echo err >&2; } 2>&1 | cat
#### redirect order matters
{ echo e >&2; } 2>&1 >/dev/null | cat; echo ---; { echo e >&2; } >/dev/null 2>&1 | cat
#### dev null
echo gone > /dev/null; cat /dev/null; echo ok
#### input redirect missing file
cat < nosuchfile; echo $?
#### output to directory
mkdir -p d 2>/dev/null || true; echo x > /tmp; echo $?
#### noclobber
echo a > f; set -C; echo b > f; echo $?; echo c >| f; cat f
#### fd duplication
exec 3> f3; echo to3 >&3; exec 3>&-; cat f3
#### read from fd
echo line > f; exec 4< f; read -u 4 x; echo "$x"; exec 4<&-
#### close stdout error
echo hi >&-; echo $?
#### here doc with tabs stripped
cat <<-EOF
	indented
		more
	EOF
#### two here docs
cat <<A; cat <<B
first
A
second
B
#### here doc in function
f() { cat <<EOF
in $1
EOF
}; f arg
#### here doc with command substitution
cat <<EOF
$(echo sub) and $((2+3)) and \$literal
EOF
#### here string with variable
x="a b"; cat <<< "$x"; cat <<< $x
#### read from here string
read a b <<< "one two three"; echo "$a|$b"
#### redirect on compound
for i in 1 2; do echo $i; done > loop.txt; cat loop.txt
#### redirect on while
while read l; do echo "[$l]"; done <<EOF
x
y
EOF
#### exec redirect persists
exec > out.txt; echo captured; exec >/dev/stdout 2>&1; echo hmm
#### fd variable
exec {fd}> fdfile; echo via >&$fd; exec {fd}>&-; cat fdfile; [ "$fd" -ge 10 ] && echo big
#### dev stdout and stderr
echo o > /dev/stdout; echo e > /dev/stderr
#### redirect to empty variable
f=; echo x > $f; echo $?
#### ambiguous redirect
f="a b"; echo x > $f; echo $?
#### input output same file
echo abc > f; cat f > g; cat g
#### cat dev stdin
echo piped | cat /dev/stdin
#### redirect before command
> f echo pre; cat f
#### pipe stderr with pipe-amp
{ echo out; echo err >&2; } |& cat
