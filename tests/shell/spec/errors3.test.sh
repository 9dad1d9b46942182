#### missing then
if true; echo x; fi
#### missing do
while true; echo x; done
#### fi without if
echo a; fi
#### missing done at eof
for i in 1 2; do echo $i
#### unclosed brace group
{ echo a
#### unclosed subshell
( echo a
#### double bracket missing close
[[ -n x && echo y
#### unexpected esac
esac
#### case missing esac
case x in x) echo x;;
#### syntax error line number later
echo one
echo two
for; do :; done
#### syntax error in function body
f() { if; }
#### unexpected semicolon semicolon
echo a;;
#### pipe at start
| cat
#### unclosed single quote
echo 'abc
#### unclosed command substitution
echo $(echo a
#### unclosed backquote
echo `echo a
#### unclosed parameter brace
echo ${x
#### bad array subscript negative
a=(1); echo "${a[-5]}"; echo "rc=$?"
#### unbound in arithmetic with set -u
set -u; echo $(( undefined_q + 1 )); echo after
#### set -u in assoc missing key
set -u; declare -A m; echo "${m[k]}"; echo after
#### set -u with default on assoc ok
set -u; declare -A m; echo "[${m[k]:-d}]"
#### exit in pipeline stage
echo x | exit 3; echo "rc=$?"
#### exit from function exits script
f() { exit 6; }; f; echo never
#### errexit function with trailing true
set -e; f() { false; true; }; f; echo "ran $?"
#### errexit in pipeline middle without pipefail
set -e; false | true; echo continued
#### errexit on command substitution standalone
set -e; $(false); echo never
#### errexit with negated subshell
set -e; ! (false); echo ok
#### errexit until loop condition
set -e; until false; do break; done; echo ok
#### errexit and test failing
set -e; [ 1 -eq 2 ]; echo never
#### errexit after if last command false in body
set -e; if true; then false; fi; echo never
#### nounset with dollar hash ok
set -u; echo $#
#### nounset with empty positional star
set -u; echo "[$*]"
#### command not found in if condition
if nosuchcmd_abc; then echo y; else echo "n $?"; fi
#### command not found with slash path
/no/such/bin/tool; echo "rc=$?"
#### permission free script via bash
echo 'echo via-bash' > nx.sh; bash nx.sh
#### source script with syntax error
printf 'echo ok\nif\n' > bad.sh; source ./bad.sh; echo "rc=$?"
#### bash -c with syntax error message
bash -c 'echo (' ; echo "rc=$?"
#### declare -r reassign in function
declare -r K=1; f() { K=2; }; f; echo "K=$K rc=$?"
#### readonly local conflict
readonly G=1; f() { local G=2; echo "in $G"; }; f; echo "rc=$?"
#### assign to positional error
1=x; echo "rc=$?"
#### invalid arithmetic base
echo $(( 65#1 ))
#### value too great for base
echo $(( 2#12 ))
#### recursion limit message
## no-stderr
FUNCNEST=20; f() { f; }; f; echo "rc=$?"
#### runtime error inside sourced file names it
printf 'echo in\nnosuchcmd_q\n' > lib.sh; . ./lib.sh; echo "rc=$?"
#### unclosed backquote on later line
echo a
echo `echo b
c
