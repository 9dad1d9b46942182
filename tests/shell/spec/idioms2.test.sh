#### script dir idiom
dir=$(cd "$(dirname "./x.sh")" && pwd); echo "$dir"
#### check command exists
if command -v grep >/dev/null 2>&1; then echo have-grep; fi
#### default env var
: "${LOG_LEVEL:=info}"; echo "$LOG_LEVEL"
#### file exists guard
f=config.ini; [[ -f $f ]] || echo "missing $f"
#### create if missing
mkdir -p build/out && [[ -d build/out ]] && echo made
#### loop files with spaces
touch "a b.txt" "c d.txt"; for f in *.txt; do echo "[$f]"; done
#### find with while read null delim
mkdir -p t; touch "t/x y" t/z; find t -type f -print0 | sort -z | while IFS= read -r -d '' f; do echo "<$f>"; done
#### count lines in files
printf '1\n2\n' > a.txt; printf '1\n' > b.txt; for f in a.txt b.txt; do echo "$f $(wc -l < "$f")"; done
#### sum column with awk
printf 'a 3\nb 4\n' | awk '{s+=$2} END {print s}'
#### grep count matches in file
printf 'err\nok\nerr\n' > log; echo "errors: $(grep -c err log)"
#### grep -q in if
if grep -q ok <<< "all ok"; then echo fine; fi
#### sed in place edit
echo "name=old" > c; sed -i 's/old/new/' c; cat c
#### replace in variable with sed
v=$(echo "hello world" | sed 's/world/there/'); echo "$v"
#### json-like output with printf
name=x; n=3; printf '{"name":"%s","count":%d}\n' "$name" "$n"
#### temp dir pattern
tmp=$(mktemp -d); [[ -d $tmp ]] && echo tmpdir; rm -rf "$tmp"; [[ -d $tmp ]] || echo removed
#### retry loop
n=0; until (( n >= 3 )); do n=$((n+1)); [[ $n -eq 2 ]] && { echo "ok on $n"; break; }; done
#### join lines with paste
printf 'a\nb\nc\n' | paste -sd, -
#### uniq count sorted
printf 'b\na\nb\nb\n' | sort | uniq -c | sort -rn
#### head and tail of file
seq 10 > n; head -3 n | tail -1; tail -n 2 n
#### cut fields
echo "a:b:c:d" | cut -d: -f2,4
#### xargs with echo
printf '1\n2\n3\n' | xargs echo nums:
#### xargs -I placeholder
printf 'a\nb\n' | xargs -I{} echo "item {}"
#### tr delete chars
echo "a-b-c" | tr -d -
#### sort numerically by key
printf 'x 10\ny 2\nz 33\n' | sort -k2 -n
#### awk field reorder
echo "1 2 3" | awk '{print $3, $1}'
#### version compare with sort -V
printf '1.10\n1.2\n1.9\n' | sort -V | tail -1
#### string to array of chars via fold
echo abc | fold -w1
#### env var passed to command
FOO=bar sh -c 'echo $FOO'; echo "[${FOO:-}]"
#### export and subshell
export EV=1; (echo "sub $EV")
#### here-doc config then source
cat > vars.sh <<'EOF'
A=alpha
B=beta
EOF
source ./vars.sh; echo "$A $B"
#### source with arguments
echo 'echo "args: $*"' > s.sh; . ./s.sh x y
#### bash script file with args
printf '#!/bin/bash\necho "$0 got $# args: $1"\n' > run.sh; chmod +x run.sh; ./run.sh one two
#### bash script exit code propagates
printf 'exit 4\n' > e.sh; bash e.sh; echo "rc=$?"
#### script with set -e failing mid
printf 'set -e\necho a\nfalse\necho b\n' > s.sh; bash s.sh; echo "rc=$?"
#### timestamped log line fixed date
ts=$(date -u -d @86400 '+%Y-%m-%dT%H:%M:%SZ'); echo "[$ts] started"
#### parallel arrays
names=(a b c); vals=(1 2 3); for i in "${!names[@]}"; do echo "${names[i]}=${vals[i]}"; done
#### progress counter printf
for i in 1 2 3; do printf '\rprogress %d/3' $i; done; echo
#### max line length with awk
printf 'ab\nabcd\nabc\n' | awk '{ if (length > m) m = length } END { print m }'
#### file extension grouping
for f in a.c b.h c.c d.py; do echo "${f##*.}"; done | sort | uniq -c
#### key value config parse
printf '# c\nport = 8080\nhost=localhost\n' > app.conf
while IFS='=' read -r k v; do k=${k//[[:space:]]/}; v=${v//[[:space:]]/}; [[ -z $k || $k == \#* ]] && continue; echo "$k:$v"; done < app.conf
#### wc on multiple outputs
printf 'a b\nc\n' | wc -w
#### tee to multiple and count
echo data | tee f1 f2 > /dev/null; cat f1 f2
#### stat file size via wc
printf '12345' > s; echo $(( $(wc -c < s) * 2 ))
#### nested loops with arrays of words
for row in "1 2" "3 4"; do for c in $row; do printf '%s;' $c; done; echo; done
#### cat -n numbering
printf 'a\nb\n' | cat -n
#### rev and sort
printf 'abc\nxyz\n' | rev | sort
#### basename loop strip suffix
for f in /x/a.txt /y/b.txt; do basename "$f" .txt; done
#### realpath-free absolute path
mkdir -p sub; cd sub; pwd; echo "${PWD##*/}"
#### pushd popd
mkdir -p p1 p2; pushd p1 >/dev/null; pushd ../p2 >/dev/null; echo "${PWD##*/}"; popd >/dev/null; echo "${PWD##*/}"; popd >/dev/null
#### cd dash
mkdir -p q1; cd q1; cd ..; cd - >/dev/null; echo "${PWD##*/}"
