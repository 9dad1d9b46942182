#### write to read-only file
## skip: the reference bash runs as root here, so permissions are not enforced
echo x > ro; chmod 444 ro; echo y > ro; echo $?
#### cd into file error
touch plain; cd plain; echo $?
#### cd permission denied
## skip: the reference bash runs as root here, so permissions are not enforced
mkdir -p locked; chmod 000 locked; cd locked; echo $?; chmod 755 locked
#### redirect into missing directory
echo x > nodir/file; echo $?
#### read from directory
mkdir -p dd; cat < dd; echo $?
#### source directory
mkdir -p sd; source sd; echo $?
#### command is a directory path
mkdir -p cmddir; ./cmddir; echo $?
#### permission denied script
echo 'echo hi' > nx.sh; chmod 644 nx.sh; ./nx.sh; echo $?
#### unknown builtin option messages
read -z; echo $?; declare -z; echo $?; printf -z; echo $?
#### export invalid identifier
export 1abc=2; echo $?
#### declare invalid identifier
declare a-b=1; echo $?
#### readonly then unset
readonly z=1; unset z; echo $?
#### shift non numeric
shift abc; echo $?
#### exit non numeric
exit abc
#### return outside function
return 3; echo after $?
#### break with bad count
for i in 1; do break 0; done; echo $?
#### numeric argument for exit large
exit 300
#### arithmetic error in assignment keeps going next line
x=$((1 / 0))
echo "next $x"
#### unbound variable with default safe
set -u; echo "${maybe:-}ok"
#### bad array subscript
a=(1); echo ${a[-5]}
#### substring negative length error
x=abc; echo ${x:1:-5}
#### indirect to invalid name
x='a b'; echo ${!x}
#### test too many arguments
[ a b c ]; echo $?
#### cd too many arguments
cd a b; echo $?
#### pushd empty stack
popd; echo $?
#### wait unknown pid
wait 99999; echo $?
#### type not found status
type nosuchthing >/dev/null 2>&1; echo $?
#### getopts missing argument
set -- -a; getopts a: o; echo "$o $?"
#### mapfile bad fd
mapfile -u 9 arr; echo $?
#### read bad fd
read -u 8 x; echo $?
#### printf missing format char
printf '%'; echo $?
#### printf invalid format char
printf '%z\n' x; echo $?
#### let without args
let; echo $?
#### unalias all
shopt -s expand_aliases; alias a1=x a2=y; unalias -a; alias; echo $?
