#### read -t times out on a silent pipe
{ sleep 1; echo x; } | { read -t 0.2 v; echo "$? [$v]"; }
#### read -t keeps the partial line on timeout
{ printf ab; sleep 1; } | { read -t 0.2 v; echo "$? [$v]"; }
#### read -t partial input is split into names
{ printf 'a b'; sleep 1; } | { read -t 0.2 x y; echo "$? [$x][$y]"; }
#### read -t partial input into REPLY
{ printf 'r'; sleep 1; } | { read -t 0.2; echo "$? [$REPLY]"; }
#### read -t waits for late input
echo abc | { sleep 0.1; read -t 1 v; echo "$? $v"; }
#### read -t with input arriving during the wait
{ sleep 0.1; echo late; } | { read -t 2 v; echo "$? $v"; }
#### read -t on a here-string
read -t 0.1 v <<< hi; echo $v
#### read -t on a file
echo line > f; read -t 0.1 v < f; echo "$? $v"
#### read -t 0 on a file is ready
echo hi > f; read -t 0 v < f; echo "$? [$v]"
#### read -t 0 reads nothing
echo hi > f; v=old; { read -t 0 v; read w; echo "$v $w"; } < f
#### read -t 0 on an empty pipe
v=old; { sleep 0.3; } | { read -t 0 v; echo "$? [$v]"; }
#### read -t 0 on a pipe at end of input
true | { sleep 0.1; read -t 0 v; echo "$? [$v]"; }
#### read -t 0 on a pipe with data
echo x | { sleep 0.1; read -t 0; echo $?; }
#### read -t fraction forms
echo a > f; read -t .5 v < f; echo $?; read -t 5. v < f; echo $?; read -t +1 v < f; echo $?
#### read -t negative is an error
read -t -1 v; echo $?
#### read -t not a number
read -t abc v; echo $?; read -t 1e1 v < /dev/null; echo $?
#### read -t missing argument
read -t; echo $?
#### read -t end of input before timeout
printf 'ab' | { read -t 1 v; echo "$? [$v]"; }
#### read -t with -n
{ printf 'abcdef'; sleep 1; } | { read -t 0.5 -n 3 v; echo "$? [$v]"; }
#### read -t loop until timeout
{ echo 1; echo 2; sleep 1; } | { n=0; while read -t 0.3 l; do n=$((n+1)); done; echo "$? $n"; }
