#### default values
unset x; echo ${x-def} ${x:-def}; x=; echo ${x-def} "${x:-def}"; x=v; echo ${x:-def}
#### assign default
unset x; echo ${x:=new}; echo $x; y=; echo ${y=keep}; echo "[$y]"
#### alternate value
x=1; echo ${x:+alt} ${x+alt}; unset x; echo "[${x:+alt}]"; y=; echo "[${y:+alt}]" "[${y+alt}]"
#### error if unset
f() { echo ${1:?need arg}; }; (f); echo status $?
#### error message default
(unset x; echo ${x:?}); echo $?
#### length
x=hello; echo ${#x}; y=; echo ${#y}; set -- a b c; echo ${#}
#### prefix removal
p=/usr/local/bin/file.tar.gz; echo ${p#*/} ${p##*/} ${p%.*} ${p%%.*}
#### prefix with literal
x=foofoobar; echo ${x#foo} ${x##foo} ${x%bar} ${x#nothing}
#### replacement
x=hello-world-wide; echo ${x/-/_} ${x//-/_} ${x/#hello/HI} ${x/%wide/WIDE} ${x/o} ${x//o}
#### replacement with pattern
x=aaa.bbb.ccc; echo ${x//[ab]/X} ${x/b*/Z} ${x//./}
#### replacement ampersand
x=abc; echo ${x/b/[&]} ${x//?/<&>}
#### substring
x=abcdefgh; echo ${x:2} ${x:2:3} ${x: -3} ${x: -3:2} ${x:0:-2} ${x:10}
#### substring of positional
set -- a b c d e; echo ${@:2} ${@:2:2} ${*: -2}
#### case modification
x=hello; y=WORLD; echo ${x^} ${x^^} ${y,} ${y,,} ${x^^[lo]}
#### indirect
x=y; y=final; echo ${!x}
#### prefix names
abc1=1; abc2=2; abd=3; echo ${!abc*}; for n in "${!abc@}"; do echo $n; done
#### transform Q
x="it's a test"; echo ${x@Q}; y=plain; echo ${y@Q}
#### transform U L u
x="hello world"; echo ${x@U} ${x@u} ${x@L}
#### transform E
x='a\tb'; echo "${x@E}"
#### transform a and A
declare -i n=5; echo ${n@a}; declare -a arr=(1); echo ${arr@a}; s=str; echo "${s@A}"
#### special parameters
set -- x y; echo $# "$1" "$2"; echo $0
#### dollar question after commands
false; echo $?; true; echo $?; (exit 42); echo $?
#### positional beyond nine
set -- 1 2 3 4 5 6 7 8 9 10 11; echo $10 ${10} ${11}
#### unset positional
set -- a; echo "[$2]" "[${2-unset}]"
#### bad substitution continues
echo ${}; echo after
#### set -u unbound
set -u; echo ${defined:-ok}; echo $nope; echo never
#### set -u with positional
set -u; f() { echo $1; }; f; echo never
#### length unicode
x=héllo; echo ${#x}
#### nested expansion in default
unset x; y=inner; echo ${x:-$y-${y}s}
#### default with spaces keeps words
unset x; for w in ${x:-a b c}; do echo "<$w>"; done; for w in "${x:-a b c}"; do echo "<$w>"; done
#### pattern from variable
x=foo.txt; ext=.txt; echo ${x%$ext} ${x%"$ext"}
#### quoted pattern chars literal
x='a*b'; echo ${x#a\*} ${x#'a*'} ${x#a*}
#### assign in arithmetic default
unset n; echo $(( ${n:=5} + 1 )) $n
