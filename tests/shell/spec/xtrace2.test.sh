#### set -x simple command
set -x; echo hi
#### set -x with variable expansion
set -x; v=world; echo "hello $v"
#### set -x quoting of args with spaces
set -x; echo "a b" c
#### set -x pipeline stdout unaffected
## no-stderr
set -x; echo a | tr a b
#### set -x custom PS4
PS4='>> '; set -x; true
#### set -x arithmetic command
set -x; (( 1 + 1 ))
#### set -x conditional
set -x; [[ -n x ]]
#### set -x in function
set -x; f() { echo in; }; f
#### set +x stops tracing
set -x; echo one; set +x; echo two
#### set -x for loop
set -x; for i in 1 2; do :; done
#### set -x assignment with command sub
set -x; v=$(echo s)
#### set -v verbose
set -v; echo verbose
