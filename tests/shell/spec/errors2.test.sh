#### command not found message
nosuchcmd_xyz; echo "rc=$?"
#### command not found with args
nosuchcmd_xyz --flag arg; echo "rc=$?"
#### not executable file
echo 'echo hi' > noexec.sh; ./noexec.sh; echo "rc=$?"
#### no such file path command
./missing_script.sh; echo "rc=$?"
#### directory as command
mkdir adir; ./adir; echo "rc=$?"
#### cd to missing directory
cd /no/such/dir; echo "rc=$?"
#### cd to a file
touch file; cd file; echo "rc=$?"
#### unbound variable message
set -u; echo "$nope"
#### unbound variable in function
set -u; f() { echo "$missing"; }; f; echo after
#### parameter null or not set message
v=; echo "${v:?}"
#### custom error message for unset
echo "${CONFIG:?CONFIG must be set}"
#### readonly assignment error
readonly R=1; R=2; echo "rc=$? R=$R"
#### readonly unset error
readonly R2=1; unset R2; echo "rc=$?"
#### bad substitution
echo ${x!y}
#### syntax error unexpected token
echo start
if then fi
#### syntax error missing fi
if true; then echo x
#### syntax error unexpected done
done
#### unterminated quote
echo "unterminated
#### unexpected paren
echo a )
#### arith syntax error message
echo $(( 1 + ))
#### arith operand expected in let
let "x = "; echo "rc=$?"
#### return outside function
return 5; echo "rc=$?"
#### break outside loop
break; echo "rc=$?"
#### invalid option to builtin
set -q; echo "rc=$?"
#### declare invalid identifier
declare 1abc=5; echo "rc=$?"
#### export invalid identifier
export 'a-b=1'; echo "rc=$?"
#### read invalid identifier
echo x | read 'bad-name'; echo "rc=$?"
#### shift non numeric
shift abc; echo "rc=$?"
#### cd too many arguments
cd a b; echo "rc=$?"
#### local outside function
local x=1; echo "rc=$?"
#### unset invalid name
unset 'a-b'; echo "rc=$?"
#### exit non numeric
exit abc
#### source missing file
source ./no_such_file.sh; echo "rc=$?"
#### dot without args
.; echo "rc=$?"
#### integer expression expected
[ x -lt 3 ]; echo "rc=$?"
#### unary operator expected
v=; [ $v -eq 1 ]; echo "rc=$?"
#### array subscript bad
a=(1); echo "${a[@]:x:y}"; echo ok
#### mapfile invalid fd
mapfile -u 99 arr; echo "rc=$?"
#### printf invalid format char
printf '%z\n' 1; echo "rc=$?"
#### printf invalid number message
printf '%d\n' 12abc; echo "rc=$?"
#### trap invalid signal
trap 'echo x' NOSUCHSIG; echo "rc=$?"
#### type not found
type nosuchthing_abc; echo "rc=$?"
#### command -v not found status
command -v nosuchthing_abc; echo "rc=$?"
#### wait for unknown pid
wait 99999; echo "rc=$?"
#### getopts missing arguments usage
getopts; echo "rc=$?"
#### pipe into missing command status
echo x | nosuchcmd_xyz; echo "rc=$?"
#### error inside command substitution
v=$(nosuchcmd_xyz); echo "rc=$? v=[$v]"
#### failing redirection skips command
echo never > /no/such/dir/file; echo "rc=$?"
#### division by zero in let
let 'z = 5 / 0'; echo "rc=$?"
#### declare -A on existing indexed array
a=(1); declare -A a; echo "rc=$?"
#### assigning list to assoc element error
declare -A m; m=(a); echo "rc=$? ${#m[@]}"
#### bash -c syntax error
bash -c 'if'; echo "rc=$?"
#### bash -c exit status
bash -c 'exit 7'; echo "rc=$?"
#### sh -c positional args
sh -c 'echo "$0 $1 $2"' zero one two
#### unterminated quote on later line
echo a
echo "x
y
z
#### unterminated quote with blank lines after
echo "x



