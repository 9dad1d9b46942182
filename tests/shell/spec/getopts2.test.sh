#### getopts basic flags
set -- -a -b; while getopts "ab" o; do echo "opt $o"; done
#### getopts with argument
set -- -f file.txt -v; while getopts "f:v" o; do case $o in f) echo "file=$OPTARG";; v) echo verbose;; esac; done
#### getopts combined flags
set -- -abc; while getopts "abc" o; do printf '%s' $o; done; echo
#### getopts attached argument
set -- -ofoo; while getopts "o:" o; do echo "$o=$OPTARG"; done
#### getopts OPTIND shift remaining
set -- -x -y rest1 rest2; while getopts "xy" o; do :; done; shift $((OPTIND-1)); echo "$@"
#### getopts stops at double dash
set -- -a -- -b; while getopts "ab" o; do echo $o; done; shift $((OPTIND-1)); echo "rest: $*"
#### getopts stops at non-option
set -- -a file -b; while getopts "ab" o; do echo $o; done; echo "OPTIND=$OPTIND"
#### getopts invalid option message
## no-stderr
set -- -z; while getopts "ab" o; do echo "got $o"; done
#### getopts invalid option stderr text
set -- -z; while getopts "ab" o; do echo "got $o"; done
#### getopts silent mode invalid
set -- -z; while getopts ":ab" o; do case $o in \?) echo "bad -$OPTARG";; esac; done
#### getopts silent missing argument
set -- -f; while getopts ":f:" o; do case $o in :) echo "missing for -$OPTARG";; f) echo f;; esac; done
#### getopts missing argument loud
set -- -f; while getopts "f:" o; do echo "o=$o"; done
#### getopts in function with local OPTIND
f() { local OPTIND o; while getopts "n:" o "$@"; do echo "n=$OPTARG"; done; }; f -n 1; f -n 2
#### getopts custom args list
while getopts "q" o -q; do echo "from list $o"; done
#### getopts usage pattern script
usage() { echo "usage: prog [-h] [-n num]"; }
set -- -n 5 -h
num=1
while getopts ":hn:" opt; do
  case $opt in
    h) usage ;;
    n) num=$OPTARG ;;
    \?) echo "invalid"; exit 1 ;;
  esac
done
echo "num=$num"
#### getopts return status at end
set -- ; getopts "a" o; echo "rc=$? o=$o"
#### manual long option parsing
set -- --name=bob --verbose -- extra
while [[ $# -gt 0 ]]; do
  case $1 in
    --name=*) name=${1#*=}; shift ;;
    --verbose) verbose=1; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done
echo "$name $verbose $*"
#### manual option with separate value
set -- -o out.txt input
while (( $# )); do case $1 in -o) out=$2; shift 2;; *) args+=("$1"); shift;; esac; done
echo "out=$out args=${args[*]}"
#### shift error beyond count
set -- a; shift 2; echo "rc=$? n=$#"
#### shift default one
set -- a b c; shift; echo "$*"
