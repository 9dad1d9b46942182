#### script backup rotation
set -euo pipefail
mkdir -p logs
for i in 1 2 3; do echo "log $i" > "logs/app.$i.log"; done
keep=2
mapfile -t files < <(ls logs | sort -t. -k2 -n)
for ((i=0; i<${#files[@]}-keep; i++)); do rm "logs/${files[i]}"; done
ls logs
#### script csv report
cat > data.csv <<'EOF'
name,dept,salary
alice,eng,100
bob,ops,80
carol,eng,120
EOF
declare -A total
while IFS=, read -r name dept salary; do
  [[ $name == name ]] && continue
  total[$dept]=$(( ${total[$dept]:-0} + salary ))
done < data.csv
for d in eng ops; do printf '%-4s %5d\n' "$d" "${total[$d]}"; done
#### script validate args
main() {
  if (( $# < 2 )); then
    echo "usage: main src dst" >&2
    return 2
  fi
  echo "copy $1 -> $2"
}
main a 2>&1; echo "rc=$?"
main a b
#### script with cleanup trap and error
set -e
tmpd=work.$$
mkdir "$tmpd"
trap 'rm -rf "$tmpd"; echo "cleaned"' EXIT
echo data > "$tmpd/f"
cat "$tmpd/f"
false
echo unreachable
#### script process list of urls
urls=(http://a.example/x https://b.example/y/z ftp://c.example)
for u in "${urls[@]}"; do
  proto=${u%%://*}
  rest=${u#*://}
  host=${rest%%/*}
  path=/${rest#*/}
  [[ $rest != */* ]] && path=/
  echo "$proto $host $path"
done
#### script semver bump
v=1.4.9
IFS=. read -r major minor patch <<< "$v"
case ${1:-patch} in
  major) ((major++)); minor=0; patch=0 ;;
  minor) ((minor++)); patch=0 ;;
  patch) ((patch++)) ;;
esac
echo "$major.$minor.$patch"
#### script find largest file
printf 'aaaa' > s1; printf 'aaaaaaaaa' > s2; printf 'a' > s3
best=; max=-1
for f in s*; do sz=$(wc -c < "$f"); if (( sz > max )); then max=$sz; best=$f; fi; done
echo "$best $max"
#### script dedupe preserving order
declare -A seen; out=()
for x in b a b c a d; do [[ -n ${seen[$x]:-} ]] && continue; seen[$x]=1; out+=("$x"); done
echo "${out[*]}"
#### script template substitution
tmpl='Hello {{name}}, you are {{age}}'
declare -A vals=([name]=Ann [age]=30)
for k in name age; do tmpl=${tmpl//"{{$k}}"/${vals[$k]}}; done
echo "$tmpl"
#### script line stats
text=$'one two\nthree\n\nfour five six'
lines=0 words=0 empty=0
while IFS= read -r l; do
  ((lines++)) || true
  [[ -z $l ]] && { ((empty++)) || true; continue; }
  set -- $l; words=$((words + $#))
done <<< "$text"
echo "lines=$lines words=$words empty=$empty"
#### script stack push pop
stack=()
push() { stack+=("$1"); }
pop() { local top=${stack[-1]}; unset 'stack[-1]'; echo "$top"; }
push a; push b; push c; pop; pop; echo "left: ${stack[*]}"
#### script queue with shift
set -- job1 job2 job3
while (( $# > 0 )); do echo "run $1"; shift; done
#### script env file loader with quotes
cat > .env <<'EOF'
# comment
NAME="kefka shell"
PORT=8080
EMPTY=
EOF
while IFS='=' read -r k v; do
  [[ -z $k || $k == \#* ]] && continue
  v=${v%\"}; v=${v#\"}
  printf -v "$k" '%s' "$v"
done < .env
echo "[$NAME] [$PORT] [$EMPTY]"
#### script retry with backoff counter
attempt=0
try() { (( ++attempt >= 3 )); }
until try; do echo "attempt $attempt failed"; done
echo "succeeded after $attempt"
#### script colorless logging levels
log() { local level=$1; shift; printf '[%-5s] %s\n' "$level" "$*"; }
log INFO starting; log WARN "disk 90%"; log ERROR failed
#### script matrix transpose awk
printf '1 2 3\n4 5 6\n' | awk '{for(i=1;i<=NF;i++) m[i]=m[i] (NR>1?" ":"") $i} END {for(i=1;i<=3;i++) print m[i]}'
#### script word frequency top
printf 'the cat the dog the end cat\n' | tr ' ' '\n' | sort | uniq -c | sort -k1,1nr -k2 | head -2
#### script check required commands
for c in grep sed awk; do command -v "$c" >/dev/null || { echo "missing $c"; exit 1; }; done; echo "all present"
#### script json array build
items=(a "b c" d); json="["
for i in "${!items[@]}"; do ((i)) && json+=","; json+="\"${items[i]}\""; done
echo "$json]"
#### script recursive directory listing
mkdir -p tree/a/b; touch tree/a/f1 tree/a/b/f2
walk() { local d=$1 indent=$2 e; for e in "$d"/*; do echo "$indent${e##*/}"; [[ -d $e ]] && walk "$e" "  $indent"; done; }
walk tree ""
#### script heredoc generated script then run
cat > gen.sh <<'EOF'
#!/bin/bash
for i in "$@"; do echo "gen $i"; done
EOF
bash gen.sh x y
#### script pipeline status check
set -o pipefail
if ! printf 'a\n' | grep -q zzz; then echo "no match (rc ${PIPESTATUS[1]})"; fi
#### script parse key=value args
for arg in mode=fast level=3 flag; do
  case $arg in
    *=*) key=${arg%%=*}; val=${arg#*=}; echo "$key -> $val" ;;
    *) echo "bare $arg" ;;
  esac
done
#### script number formatting thousands
n=1234567; s=$n; r=
while (( ${#s} > 3 )); do r=",${s: -3}$r"; s=${s:0:${#s}-3}; done
echo "$s$r"
#### script binary conversion
n=13; b=; while (( n > 0 )); do b=$(( n % 2 ))$b; n=$(( n / 2 )); done; echo $b
#### script gcd function
gcd() { local a=$1 b=$2; while (( b )); do local t=$b; b=$(( a % b )); a=$t; done; echo $a; }; gcd 48 18
#### script prime sieve small
for n in {2..30}; do p=1; for ((d=2; d*d<=n; d++)); do (( n % d == 0 )) && { p=0; break; }; done; (( p )) && printf '%d ' $n; done; echo
#### script string padding table
for w in a bb ccc; do printf '|%-5s|%5s|\n' "$w" "$w"; done
#### script assoc nested keys
declare -A cfg=([db.host]=localhost [db.port]=5432 [app.name]=k)
for k in db.host db.port app.name; do echo "${k%%.*}/${k#*.}=${cfg[$k]}"; done
#### script read with timeout-free prompt from stdin
## stdin: yes\n
read -r -p "continue? " ans 2>/dev/null; [[ $ans == y* ]] && echo proceeding
#### script while read with here-string counters
declare -i ok=0 bad=0
while read -r status; do [[ $status == 200 ]] && ok+=1 || bad+=1; done <<< $'200\n404\n200\n500'
echo "ok=$ok bad=$bad"
#### script getopts full
parse() {
  local OPTIND opt verbose=0 output=- count=1
  while getopts ":vo:n:" opt; do
    case $opt in
      v) verbose=1 ;;
      o) output=$OPTARG ;;
      n) count=$OPTARG ;;
      :) echo "option -$OPTARG needs a value"; return 2 ;;
      \?) echo "unknown -$OPTARG"; return 2 ;;
    esac
  done
  shift $((OPTIND - 1))
  echo "v=$verbose o=$output n=$count rest=$*"
}
parse -v -o out.txt -n 3 a b
parse -x; echo "rc=$?"
parse -o; echo "rc=$?"
