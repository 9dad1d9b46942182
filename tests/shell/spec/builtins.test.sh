#### printf basics
printf '%s-%s\n' a b c d; printf '%d|%5d|%-5d|%05d\n' 42 42 42 42
#### printf formats
printf '%x %X %o %e %.2f %g %c %%\n' 255 255 8 1234.5 3.14159 0.0001 hello
#### printf reuses format
printf '%s\n' one two three
#### printf missing args
printf '%s|%d|\n'
#### printf escapes
printf 'a\tb\\n\n'; printf '%b\n' 'x\ty'
#### printf q
printf '%q\n' "a b" "it's" 'x$y'
#### printf -v
printf -v out '%03d' 7; echo $out
#### printf invalid number
printf '%d\n' abc; echo $?
#### printf star width
printf '%*s|\n' 5 x; printf '%-*s|\n' 4 y
#### printf precision string
printf '%.3s\n' abcdef
#### echo escapes with e
echo -e 'a\nb\x41\0101'; echo -e 'stop\cnever'
#### read basic
## stdin: hello world\nsecond line\n
read a b; echo "[$a][$b]"; read line; echo "[$line]"
#### read rest into last
## stdin: one two three four\n
read a b; echo "$a|$b"
#### read raw and escapes
## stdin: a\\tb c\\\nd\n
read x; echo "[$x]"
#### read -r
## stdin: a\\b\n
read -r x; echo "[$x]"
#### read with IFS
## stdin: a:b:c\n
IFS=: read x y z; echo "$x $y $z"
#### read array
## stdin: x y z\n
read -a arr; echo ${#arr[@]} ${arr[2]}
#### read -n and -d
## stdin: abcdef;ghi
read -n 3 x; echo $x; read -d ';' y; echo $y
#### read eof status
## stdin: partial
read x; echo "$? [$x]"
#### read REPLY
## stdin: keep  spaces  \n
read; echo "[$REPLY]"
#### read leading whitespace trimmed
## stdin:    lead  trail   \n
read x; echo "[$x]"
#### cd and pwd
cd /tmp; pwd; cd /; pwd; cd - ; echo $OLDPWD
#### cd errors
cd /nonexistent; echo $?; cd -x; echo $?
#### cd to file
touch f; cd f; echo $?
#### cd home
cd /tmp; cd; pwd
#### pushd popd
cd /; pushd /tmp >/dev/null; pwd; popd >/dev/null; pwd
#### shift errors
set -- a; shift 2; echo $?; shift; echo $#
#### set positional
set -- "a b" c; echo $#; for x in "$@"; do echo "<$x>"; done
#### unset
x=1; unset x; echo "[${x-gone}]"; f() { :; }; unset -f f; f; echo $?
#### export
export A=1; declare -p A; export -n A; declare -p A
#### readonly
readonly R=1; R=2; echo $?; echo $R
#### readonly function scope
readonly X=1; f() { local X=2; }; f; echo $X
#### declare options
declare -i i=3+4; declare -u u=hello; declare -l l=WORLD; echo $i $u $l
#### declare -p scalar
x="va\"lue"; declare -p x
#### declare without value
declare v; declare -p v; echo "[${v-unset}]"
#### local outside function
local x=1; echo $?
#### type builtin
type echo; type if; f() { :; }; type -t f; type -t cat; type nosuch; echo $?
#### command -v
command -v echo; command -v nosuchcmd; echo $?
#### command bypasses function
echo() { builtin echo "func $*"; }; echo hi; command echo direct
#### eval
x='echo hello'; eval $x; eval 'y=5'; echo $y; eval "for i in 1 2; do echo \$i; done"
#### eval syntax error
eval 'if'; echo $?
#### source file
echo 'sourced=yes; echo "args: $#"' > lib.sh; source lib.sh a b; echo $sourced; . ./lib.sh
#### source return
printf 'echo one\nreturn 3\necho two\n' > r.sh; . ./r.sh; echo $?
#### source missing
source nofile.sh; echo $?
#### getopts
set -- -a -b val -c file; while getopts "ab:c" opt; do echo "$opt ${OPTARG-}"; done; shift $((OPTIND-1)); echo "rest: $*"
#### getopts grouped
set -- -xy -z; while getopts xyz o; do echo $o; done
#### getopts invalid
set -- -q; getopts a o; echo "$o $?"
#### getopts silent
set -- -q -a; while getopts :ab: o; do echo "$o ${OPTARG}"; done
#### true false colon
true; echo $?; false; echo $?; :; echo $?
#### umask
umask 027; umask; umask -S
#### alias
shopt -s expand_aliases; alias ll='echo listing'; ll now; unalias ll; alias
#### alias not expanded by default
alias foo='echo no'; foo 2>/dev/null; echo $?
#### trap EXIT
trap 'echo bye' EXIT; echo main
#### trap in subshell
(trap 'echo sub-exit' EXIT; echo in); echo out
#### trap ERR
trap 'echo failed' ERR; false; true
#### trap listing
trap 'echo x' EXIT; trap -p
#### exit code range
(exit 256); echo $?; (exit -1); echo $?
#### let returns
let 'x=0'; echo $?; let 'x=1'; echo $?
#### mapfile from pipe with lastpipe
shopt -s lastpipe; printf 'a\nb\n' | mapfile -t arr; echo ${#arr[@]}
#### hash and type path
type -t ls
#### help errors
help nosuchthing; echo $?
#### builtin invalid option
cd -z; echo $?; pwd -z; echo $?
#### echo write to closed stdout
echo hi >&-; echo $?
