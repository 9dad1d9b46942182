#### posix: SHELLOPTS, set -o and POSIXLY_CORRECT
## posix
echo "$SHELLOPTS"; set -o | grep posix; echo "${POSIXLY_CORRECT-unset}"
#### posix: shopt options it turns on
## posix
shopt inherit_errexit expand_aliases
#### posix: set +o posix unsets POSIXLY_CORRECT, keeps inherit_errexit
## posix
set +o posix; echo "${POSIXLY_CORRECT-unset} $SHELLOPTS"; shopt inherit_errexit expand_aliases
#### posix: set -o posix in a script
set -o posix; echo "$SHELLOPTS ${POSIXLY_CORRECT-unset}"; x=1 :; echo "[$x]"
#### posix: assigning POSIXLY_CORRECT turns it on, unset turns it off
POSIXLY_CORRECT=1; echo "$SHELLOPTS"; unset POSIXLY_CORRECT; echo "$SHELLOPTS"
#### posix: redirection error on a special builtin exits
## posix
: > /no/such/file; echo after
#### posix: redirection error on a regular builtin continues
## posix
echo hi > /no/such/file; echo "after $?"
#### posix: redirection error on a special builtin in a function exits the shell
## posix
f() { : > /no/such/file; echo in; }; f; echo after
#### posix: redirection error in a subshell exits the subshell
## posix
( : > /no/such/file; echo in ); echo "after $?"
#### posix: redirection error in a condition still exits
## posix
if eval true < /no/such/file; then echo t; else echo f; fi; echo after
#### posix: command prefix keeps the shell alive
## posix
command : > /no/such/file; echo "after $?"
#### posix: exec redirection error exits
## posix
exec 3< /no/such/file; echo after
#### posix: assignments before special builtins persist
## posix
x=1 :; y=2 eval 'echo "in $y"'; z=3 export w=4; echo "[$x] [$y] [$z] [$w]"
#### posix: persisted assignment is exported
## posix
x=1 :; printenv x
#### posix: assignments before functions and regular builtins do not persist
## posix
f() { echo "f[$x]"; }; x=1 f; y=2 true; echo "[$x] [$y]"
#### bash mode: assignments before special builtins do not persist
x=1 :; y=2 eval 'echo "in $y"'; echo "[$x] [$y]"
#### posix: readonly assignment before a command exits
## posix
readonly a=1; a=2 echo hi; echo after
#### bash mode: readonly assignment before a command is reported and the command runs
readonly a=1; a=2 echo hi; echo "after $a"
#### posix: readonly assignment before a special builtin in a subshell
## posix
readonly a=1; (a=2 :; echo in); echo "after $?"
#### posix: export of a readonly variable exits
## posix
readonly r=1; export r=2; echo after
#### posix: readonly again exits
## posix
readonly r=1; readonly r=2; echo after
#### posix: readonly for-loop variable exits
## posix
readonly i=1; for i in 1 2; do echo "$i"; done; echo after
#### bash mode: readonly for-loop variable ends the loop only
readonly i=1; for i in 1 2; do echo "$i"; done; echo after
#### posix: function names must be identifiers
## posix
echo before; foo-bar() { echo hi; }; foo-bar; echo after
#### posix: function keyword with a bad name
## posix
function a.b { :; }; echo after
#### posix: function named like a special builtin
## posix
export() { echo mine; }; export; echo after
#### bash mode: function names may hold dashes
foo-bar() { echo hi; }; foo-bar
#### posix: aliases expand in scripts
## posix
alias ll='echo hi'
ll there
#### posix: command substitution inherits set -e
## posix
set -e; x=$(false; echo hi); echo "[$x]"
#### posix: shift reports an out-of-range count
## posix
set -- a b; shift 5; echo "rc=$?"; shift; echo "$# $1"
#### posix: alias listing has no prefix without -p
## posix
alias a=b c="it's"; alias; alias a; alias -p
#### posix: export -p and readonly -p formats
## posix
export X=1; export -p | grep X=; readonly R=2; readonly -p | grep R=
#### posix: dot with a missing file exits
## posix
. ./no-such-file; echo after
#### posix: source with a missing file exits even in an or-list
## posix
source /no/such/file || echo handled; echo after
#### posix: eval syntax error exits
## posix
eval 'if'; echo after
#### posix: eval syntax error in a subshell
## posix
(eval 'if'); echo "after $?"
#### posix: invalid option to a special builtin exits
## posix
set -o nosuch; echo after
#### posix: export usage error exits
## posix
export -z; echo after
#### posix: unset usage error exits
## posix
unset -z x; echo after
#### posix: eval usage error exits
## posix
eval -z; echo after
#### posix: usage error of a regular builtin continues
## posix
read -z x < /dev/null; echo "after $?"
#### posix: return at top level exits
## posix
return 3; echo after
#### posix: return with a bad number in a function does not exit
## posix
f() { return foo; }; f; echo "after $?"
#### posix: break outside a loop is silent
## posix
break; continue; echo after
#### posix: set lists values raw unless they need quotes
## posix
a=1; b='x y'; c=$'t\tab'; d='it'\''s'; e='~home'; g='a~b'; h='#c'; i=''
set | grep -E '^[abcdeghi]='
#### posix: parameter expansion error exits
## posix
: ${x?is unset}; echo after
#### posix: not-an-identifier in export continues
## posix
export 1a=2; echo "after $?"
#### posix: process substitution still works
## posix
cat <(echo ps)
#### eval of a lone for reports the missing word
eval 'for'; echo "after $?"; eval 'case'; eval 'function'; eval 'select'; echo "after $?"
#### posix: eval of a lone for exits
## posix
eval 'for'; echo after
#### posix: special builtins are found before functions
set +o posix; eval() { echo "function $*"; }; true() { echo "function true"; }
set -o posix; eval echo builtin; true; set +o posix; eval echo again
#### posix: source does not search the current directory
## posix
echo 'echo in' > lib.sh; . ./lib.sh; source lib.sh; echo after
#### posix: syntax error in a sourced file does not exit
## posix
printf 'echo ok\nif\n' > bad.sh; . ./bad.sh; echo "rc=$?"
