#### transform K indexed array
a=(p "q r" 'it'"'"'s'); echo "${a[@]@K}"
#### transform K sparse array star
a=([3]=x [7]='a"b$c\d'); echo "${a[*]@K}"
#### transform K assoc quoting keys
declare -A m=(["x y"]=1 [k]=""); echo "${m[@]@K}"
#### transform k separate words
a=(p "q r"); printf '<%s>' "${a[@]@k}"; echo
#### transform k assoc words
declare -A m=([a]=1 [b]="x y"); printf '<%s>' "${m[@]@k}"; echo
#### transform K scalar and element
x='v w'; a=(1 "2 3"); echo "${x@K}" "${a[1]@K}"
#### transform K empty array
declare -a e; echo "[${e[@]@K}]"
#### enable -n lists and hides builtins
enable -n echo test; enable -n; type -t echo; builtin echo x; echo "rc=$?"; enable echo; type -t echo
#### enable -a marks disabled builtins
enable -n pwd; enable -a | grep -w -e pwd -e cd
#### enable -s lists special builtins
enable -s | head -4
#### enable errors
enable -n nosuch_q; echo "rc=$?"; enable -z; echo "rc=$?"; enable -s echo; echo "rc=$?"
#### enable -f has no dynamic loading
enable -f lib.so mybuiltin; echo "rc=$?"
#### enable in subshell does not leak
(enable -n echo; type -t echo); type -t echo
#### command option errors
command -x; echo "rc=$?"; command -pv echo; command -- echo dashdash
#### cond word where binary operator expected
false
[[ a b ]]
echo never
#### cond negated word then word
[[ ! a b ]]; echo never
#### open paren at end of line after word
echo (
#### open paren at end of bash -c string after function name
bash -c 'f('; echo "rc=$?"
#### open paren before word is still an error
bash -c 'echo ( a'; echo "rc=$?"
#### unclosed parameter brace with later lines
echo start
echo ${x
echo after
#### bad substitution still reported at run time when closed
echo ${x y}; echo "rc=$?"
#### DEBUG trap before simple commands with BASH_COMMAND
trap 'echo "[$BASH_COMMAND]"' DEBUG
x=1
echo  "a"   b > /dev/null
f() { echo in; }
f
trap - DEBUG
echo done
#### DEBUG trap on compound headers
v=q; trap 'echo "[$BASH_COMMAND]"' DEBUG; for i in 1 2; do :; done; case $v in q) ;; esac; [[ -n a ]]; (( 1 )); trap - DEBUG
#### DEBUG trap not in command substitution but in pipeline
trap 'echo "[$BASH_COMMAND]" >&2' DEBUG; x=$(echo s); true | false; trap - DEBUG; echo "$x"
#### DEBUG trap listed by trap -p
trap 'echo d' DEBUG; trap -p DEBUG; trap - DEBUG; trap -p DEBUG; echo end
#### TIMEFORMAT with precision and percent sign
TIMEFORMAT='x%0Ry %% %1U|'; time true
#### TIMEFORMAT long form
TIMEFORMAT='[%0lR] [%0lS]'; time true
#### TIMEFORMAT empty prints nothing
TIMEFORMAT=; time true; echo done
#### time -p ignores TIMEFORMAT
TIMEFORMAT=zzz; { time -p true; } 2>&1 | sed 's/[0-9]/N/g'
#### coproc round trip through COPROC fds
coproc { read x; echo "got $x"; read z; }
echo ${#COPROC[@]}
echo hi >&"${COPROC[1]}"
read y <&"${COPROC[0]}"
echo "$y"
[[ $COPROC_PID =~ ^[0-9]+$ ]] && echo pid
echo bye >&"${COPROC[1]}"
wait
#### named coproc
coproc P { read x; echo "p$x"; read y; }
echo 1 >&"${P[1]}"; read a <&"${P[0]}"; echo "$a"; [[ -n $P_PID ]] && echo pid
echo 2 >&"${P[1]}"; wait
#### builtin option parsing shared rules
export -z; echo "rc=$?"; readonly -q; echo "rc=$?"; unset -x; echo "rc=$?"; type -y echo; echo "rc=$?"
#### builtin options bundled and ended by double dash
f() { :; }; v=1; unset -vf f; echo "rc=$?"; type -t f; unset -fv v; echo "[${v-unset}]"; type -t -- echo; unset -f -- f; type -t f; echo "rc=$?"
#### export and readonly bundles
export -np >/dev/null; echo "rc=$?"; readonly -ap | head -1 >/dev/null; echo "rc=$?"; export -- X=1; echo "$X"
#### printf and umask options through the shared parser
printf -v; echo "rc=$?"; printf -vx "%s" 1; echo "$x"; printf -- "%s\n" a; printf -x; echo "rc=$?"
umask -- 022; umask; umask -Sp; umask -z; echo "rc=$?"
#### wait options
sleep 0 & wait -fn; echo "rc=$?"; wait -q; echo "rc=$?"; wait --; echo "rc=$?"
umask -p
#### SHELLOPTS follows set -o
echo "$SHELLOPTS"; set -euo pipefail; echo "$SHELLOPTS"; set +eu -C; echo "$SHELLOPTS"
#### SHELLOPTS with posix
set -o posix; echo "$SHELLOPTS"; set +o posix; echo "$SHELLOPTS"
