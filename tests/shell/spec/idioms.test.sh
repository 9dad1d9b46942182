#### read file into variable
printf 'content\nlines\n' > f; x=$(< f); echo "$x"
#### read lines safely
printf 'a b\n  c\nlast' > f; while IFS= read -r line || [ -n "$line" ]; do echo "[$line]"; done < f
#### count lines with wc
printf '1\n2\n3\n' > f; n=$(wc -l < f); echo $n
#### command -v check
if command -v cat >/dev/null 2>&1; then echo have cat; fi; command -v nope >/dev/null || echo missing
#### silence errors
ls /nonexistent 2>/dev/null || echo failed quietly
#### pipeline with sort uniq
printf 'b\na\nb\nc\na\n' | sort | uniq -c | sort -rn | head -2
#### grep in pipeline with status
echo hello | grep -q hell && echo found; echo hello | grep -q nope || echo absent
#### tr and cut
echo "a:b:c" | cut -d: -f2; echo hello | tr a-z A-Z
#### seq loop
for i in $(seq 3); do echo n$i; done
#### xargs style with while
printf 'x\ny\n' | while read -r f; do echo "item: $f"; done
#### mkdir and files
mkdir -p a/b && touch a/b/c && ls a/b && rm -r a && [ ! -e a ] && echo removed
#### test file content
echo needle > f; if grep -q needle f; then echo yes; fi
#### sed substitution in pipeline
echo "hello world" | sed 's/world/there/'
#### assign output of pipeline
count=$(printf 'a\nb\n' | wc -l); echo "count=$count"
#### exit code of grep no match
echo abc | grep xyz; echo $?
#### head and tail
seq 10 | head -n 3; seq 10 | tail -n 2
#### env var for child
FOO=bar env | grep '^FOO='
#### arithmetic counters
count=0; for f in a b c; do ((count++)); done; echo $count
#### string contains
s="hello world"; [[ $s == *world* ]] && echo contains; case $s in *llo*) echo has llo;; esac
#### default config var
: "${CONFIG:=default.conf}"; echo $CONFIG
#### function returning value via echo
get() { echo "result-$1"; }; v=$(get 5); echo $v
#### error to stderr function
err() { echo "error: $*" >&2; }; err something 2>&1
#### array of files loop
files=(one.txt "two words.txt"); for f in "${files[@]}"; do touch "$f"; done; ls
#### basename dirname
p=/a/b/c.txt; basename $p; dirname $p; basename $p .txt
#### tee
echo teed | tee t.txt; cat t.txt
#### cat heredoc to file
cat > cfg.ini <<EOF
[section]
key=value
EOF
cat cfg.ini
#### check number
for v in 12 x3 -4; do if [[ $v =~ ^-?[0-9]+$ ]]; then echo "$v num"; else echo "$v nan"; fi; done
#### loop over lines of command output
for line in $(printf 'l1\nl2\n'); do echo "<$line>"; done
#### nested functions calls with local arrays
f() { local -a arr=("$@"); echo ${#arr[@]}; }; f a b c
#### trap cleanup in function
cleanup() { echo cleaning; }; trap cleanup EXIT; echo working
#### exec stderr to stdout
exec 2>&1; echo err >&2
#### subshell cd does not leak
mkdir -p sub; (cd sub && pwd); pwd
#### pushd in subshell
mkdir -p x; ( cd x; echo "${PWD#$HOME}" ); echo "[${PWD#$HOME}]"
#### printf table
printf '%-5s|%3s\n' name val a 1 bb 22
#### yes head
yes | head -n 3
#### wait for background jobs
(echo job1 > j1.txt) & (echo job2 > j2.txt) & wait; cat j1.txt j2.txt
#### background pid
sleep 0 & pid=$!; wait $pid; echo "status $?"
#### sort numeric
printf '10\n9\n100\n' | sort -n
#### string repeat
printf -v line '%*s' 5 ''; echo "[${line// /-}]"
#### last argument
set -- a b c; echo "${@: -1}" "${!#}"
#### uppercase first letters
s="hello big world"; out=; for w in $s; do out+="${w^} "; done; echo "${out% }"
