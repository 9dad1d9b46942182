#### grouped letters with -c
bash -ec "echo hi; false; echo no"; echo st=$?
#### -x grouped with -c traces
bash -xc "echo x" 2>&1
#### sh -euc with $0 and $1
sh -euc 'echo $0 $1' a b
#### -c is a flag: the script is the first operand
bash -c -x 'echo hi' 2>&1
#### -O sets a shopt option
bash -O extglob -c 'shopt extglob'; bash +O extglob -c 'shopt extglob'
#### a lone dash ends the options
echo 'echo dash' | bash -
#### -c without a script
bash -c; echo "st=$?"
#### unknown long option
bash --bogus-flag-x 2>&1; echo "st=$?"
#### unknown option letter
bash -Z 2>&1 | head -1; echo "st=${PIPESTATUS[0]}"
#### --version
bash --version | head -1
#### ignored startup options
bash --norc --noprofile -l -c 'echo ok'
#### plus sign turns an option off
bash +x -c 'echo plus'
#### -o pipefail with -e
bash -euo pipefail -c 'false | true; echo $?'; echo "st=$?"
#### -O alone lists the shopt options
bash -O | head -3; echo "st=$?"
