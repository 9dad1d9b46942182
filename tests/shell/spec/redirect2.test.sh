#### stderr to stdout into pipe
{ echo out; echo err >&2; } 2>&1 | sort
#### stdout to null stderr kept
{ echo out; echo err >&2; } >/dev/null 2>&1; echo "silent"
#### redirect order matters
{ echo err >&2; } 2>&1 >/dev/null | wc -l
#### both to file with &>
{ echo o; echo e >&2; } &> both; sort both
#### append both &>>
echo 1 &> f; echo 2 &>> f; cat f
#### stderr to file only
{ echo o; echo e >&2; } 2> errs; echo "--"; cat errs
#### swap stdout and stderr
{ echo to-out; echo to-err >&2; } 3>&1 1>&2 2>&3 3>&- 2>/dev/null
#### exec redirect stdout to file
exec 3>&1; exec > captured; echo hidden; exec 1>&3 3>&-; echo visible; cat captured
#### exec fd for reading
printf 'l1\nl2\n' > in; exec 4< in; read -r a <&4; read -r b <&4; exec 4<&-; echo "$a $b"
#### exec fd for writing append
exec 5>> log; echo one >&5; echo two >&5; exec 5>&-; cat log
#### named fd varname
exec {fd}> named; echo via-var >&$fd; exec {fd}>&-; cat named
#### read write fd <>
echo hello > rw; exec 6<> rw; read -r x <&6; exec 6>&-; echo $x
#### noclobber prevents overwrite
## no-stderr
echo a > nc; set -C; echo b > nc; echo "rc=$?"; echo c >| nc; cat nc
#### redirect input from missing file
## no-stderr
cat < /nonexistent; echo "rc=$?"
#### redirect missing file error message
cat < missing.txt
#### redirect to directory error
mkdir dd; echo x > dd
#### here-string to fd 3
cat 3<<< "on three" <&3
#### dev stdout and stderr
echo o > /dev/stdout; echo e > /dev/stderr 2>/dev/null; echo end
#### dev null read
cat /dev/null; wc -c < /dev/null
#### tee to file and stdout
echo both | tee teef; cat teef
#### tee append
echo a > t; echo b | tee -a t > /dev/null; cat t
#### redirect in middle of command
echo > mid.txt hello world; cat mid.txt
#### redirect loop output append
for i in 1 2 3; do echo $i >> acc; done; paste -sd, acc
#### redirect of group stdin
printf 'x\ny\n' > in; { read a; read b; echo "$b$a"; } < in
#### while loop stdin redirected and inner cat
printf '1\n2\n' > in; while read -r l; do echo "line $l"; done < in
#### pipe into block with multiple readers
printf 'h\nb1\nb2\n' | { read -r header; echo "H=$header"; cat; }
#### close stdout error
## no-stderr
echo x >&-; echo "rc=$?"
#### redirect to fd 2 from function
warn() { echo "warn: $*" >&2; }; warn oops 2>&1
#### stderr of whole script block
{ ls /no/such 2>&1 || true; } | grep -c 'No such'
#### truncate file with colon
echo data > t; : > t; wc -c < t
#### create multiple files with redirects
> a1 > a2; ls a1 a2
#### sort in place via temp
printf 'b\na\n' > s; sort s > s.tmp && mv s.tmp s; cat s
#### input and output redirect same command
printf 'z\ny\n' > in; sort < in > out; cat out
#### pipe stderr with |&
{ echo e >&2; } |& tr e E
#### dev fd duplication
echo dup > /dev/fd/1
#### redirect with variable filename
f=out.txt; echo val > "$f"; cat "$f"
#### redirect ambiguous error
## no-stderr
f="a b"; f2=$f; unset nothing; echo x > $nothing; echo "rc=$?"
#### exec with no command keeps shell
exec 2>/dev/null; ls /nonexistent; echo still-running
#### fd inherited by function
f() { echo in-f >&3; }; f 3>&1
#### logging function to file and stdout
log() { echo "$*" | tee -a app.log; }; log first; log second; wc -l < app.log
