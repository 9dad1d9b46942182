#### assoc plus equals
declare -A m=([a]=1); m+=([b]=2 [c]=3); m[a]+=0; echo ${#m[@]} ${m[a]}
#### local integer
f() { local -i n=2+3; n+=1; echo $n; }; f
#### allexport
set -a; AUTO=1; set +a; bash -c 'echo "[$AUTO]"'
#### dollar at zero offset
set -- a b; echo ${@:0:1} | grep -c .
#### keys with star
a=(x y z); echo "${!a[*]}"
#### substring zero length
x=hello; echo "[${x:1:0}]" "[${x: -0}]"
#### read -N exact chars
## stdin: abcdef
read -N 4 x; echo "[$x]"
#### read -a with IFS
## stdin: a,b,,c\n
IFS=, read -a parts; echo ${#parts[@]} "${parts[2]}" "${parts[3]}"
#### printf %b with octal and stop
printf '%b|%b\n' 'a\101' 'x\cy'; echo after
#### printf repeats with missing
printf '%s=%s\n' a 1 b
#### printf %s with array
a=(1 2 3); printf '<%s>' "${a[@]}"; echo
#### printf %5.2f and %e
printf '%5.2f|%.3e\n' 3.14159 12345
#### echo -e hex and unicode
echo -e '\x48\x49 \u00e9'
#### unset -v
x=1; unset -v x; echo "[${x-u}]"
#### unset nonexistent ok
unset nosuchvar; echo $?
#### case in loop with continue
for x in a b c; do case $x in b) continue;; esac; echo $x; done
#### nested case
case a in a) case b in b) echo inner;; esac;; esac
#### arithmetic comparison chain
x=5; if (( x > 3 && x < 10 )); then echo range; fi
#### arithmetic string to number
x="  42  "; echo $((x + 1))
#### while with arithmetic condition
i=3; while (( i-- )); do echo $i; done
#### for with brace range
for i in {1..3}; do echo -n "$i "; done; echo
#### for with seq step
for i in $(seq 0 5 15); do echo $i; done
#### string length of array element
a=(hello); echo ${#a[0]}
#### tilde in array
HOME=/h; a=(~ ~/x); echo "${a[@]}"
#### test -e on dev null
[ -e /dev/null ] && echo exists; [ -c /dev/null ] && echo chardev
#### redirect read write
echo hello > rw; exec 5<> rw; read -u 5 line; echo "$line"; exec 5>&-
#### append to file in loop
for i in 1 2 3; do echo $i >> log; done; cat log
#### cat multiple files
echo a > f1; echo b > f2; cat f1 f2
#### glob with no read permission dir
mkdir -p pd; touch pd/f; echo pd/*
#### wc on file
printf 'a b\nc\n' > f; wc -l f; wc -w < f
#### sort unique
printf 'b\na\nb\n' | sort -u
#### head bytes
echo abcdef | head -c 3; echo
#### tr delete
echo hello | tr -d l
#### grep count
printf 'a\nb\na\n' | grep -c a
#### sed in place
echo old > f; sed -i 's/old/new/' f; cat f
#### uniq count
printf 'a\na\nb\n' | uniq -c
#### cut characters
echo abcdef | cut -c2-4
#### nested subshells and exit codes
( ( exit 3 ); echo inner $? ); echo outer $?
#### subshell inherits functions
f() { echo inherited; }; ( f )
#### command substitution inherits variables
v=seen; echo $(echo $v)
#### pipeline last stage subshell
x=0; printf '1\n2\n' | while read n; do x=$((x+n)); done; echo $x
#### exit status of pipeline with negation
! false | false; echo $?
#### continue in while read
printf '1\n2\n3\n' | while read n; do [ $n = 2 ] && continue; echo $n; done
#### heredoc with parameter ops
name=world; cat <<EOF
${name^^} ${#name} ${name:0:3}
EOF
#### heredoc in loop
for i in 1 2; do cat <<EOF
iter $i
EOF
done
#### quoted heredoc delimiter with double quotes
cat <<"X"
$a `b`
X
#### function local IFS splitting
f() { local IFS=,; set -- $1; echo $#; }; f a,b,c; x="a b"; set -- $x; echo $#
#### declare -p of integer and readonly
declare -ir N=3; declare -p N
#### export -p format
export ONLY=1; export -p | grep ONLY
#### getopts with optarg attached
set -- -ofile -v; while getopts o:v opt; do echo "$opt=${OPTARG:-}"; done
#### OPTIND reset
f() { local OPTIND; while getopts a o; do echo $o; done; }; f -a; f -a
#### shift in function affects only function
set -- a b c; f() { shift; echo $#; }; f "$@"; echo $#
