#### bash -c
bash -c 'echo in child $0 $1' name arg; echo status $?
#### bash -c exit status
bash -c 'exit 7'; echo $?
#### sh -c
sh -c 'echo sh works'
#### bash script file
printf 'echo "script $1"\nexit 3\n' > s.sh; bash s.sh arg; echo $?
#### executable with shebang
printf '#!/bin/bash\necho "shebang $# $1"\n' > run.sh; chmod +x run.sh; ./run.sh x y
#### executable without shebang
printf 'echo "no shebang"\n' > plain.sh; chmod +x plain.sh; ./plain.sh
#### not executable
printf 'echo hi\n' > noexec.sh; ./noexec.sh; echo $?
#### missing script path
./missing.sh; echo $?
#### directory as command
mkdir -p dir; ./dir; echo $?
#### env shebang
printf '#!/usr/bin/env bash\necho via env\n' > e.sh; chmod +x e.sh; ./e.sh
#### child does not share variables
x=parent; bash -c 'echo "[$x]"; y=child'; echo "[$y]"
#### exported variables reach child
export X=exported; bash -c 'echo $X'
#### temporary env for command
V=temp bash -c 'echo $V'; echo "[$V]"
#### script syntax error
printf 'echo ok\nif\n' > bad.sh; bash bad.sh; echo $?
#### bash -c with stdin passthrough
echo input | bash -c 'read x; echo "got $x"'
#### command not found status
nosuch_cmd arg; echo $?
#### script positional params
printf 'echo $# "$@"\nshift\necho $1\n' > p.sh; bash p.sh a "b c" d
#### nested command substitution in script
printf 'echo $(echo $(echo deep))\n' > n.sh; bash n.sh
#### bash -e option
bash -e -c 'false; echo no'; echo $?
#### source with functions
printf 'greet() { echo "hello $1"; }\n' > lib.sh; . ./lib.sh; greet world
#### dollar zero in function
f() { echo $0; }; f
#### LINENO
echo $LINENO
echo $LINENO
f() {
  echo $LINENO
}
f
#### path command with slash
printf '#!/bin/bash\necho abs\n' > /tmp/abs.sh; chmod +x /tmp/abs.sh; /tmp/abs.sh
#### bash -c syntax errors
bash -c 'if'; echo $?; bash -c 'echo a; fi'; echo $?; bash -c 'echo "abc'; echo $?
#### bash -c command not found in list
bash -c 'nosuch; echo after'
