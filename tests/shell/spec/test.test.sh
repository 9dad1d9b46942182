#### string tests
[ -z "" ] && echo z; [ -n "x" ] && echo n; [ "a" = "a" ] && echo eq; [ "a" != "b" ] && echo ne
#### integer tests
[ 1 -lt 2 ] && echo lt; [ 2 -le 2 ] && echo le; [ 3 -gt 2 ] && echo gt; [ 3 -ge 4 ] || echo notge; [ 5 -eq 5 ] && echo eq; [ 5 -ne 5 ] || echo noteq
#### file tests
touch f; mkdir -p d; [ -e f ] && echo e; [ -f f ] && echo f; [ -d d ] && echo d; [ -f d ] || echo notf; [ -s f ] || echo empty; echo x > f; [ -s f ] && echo nonempty
#### readable writable
touch f; [ -r f ] && echo r; [ -w f ] && echo w; [ -x f ] || echo notx; chmod +x f; [ -x f ] && echo x
#### test not and or
[ ! -e nope ] && echo missing; [ -n a -a -n b ] && echo and; [ -z a -o -n b ] && echo or
#### test parens
[ \( 1 -eq 1 \) -a \( 2 -eq 2 \) ] && echo both
#### test integer error
[ abc -eq 1 ]; echo $?
#### test missing bracket
[ 1 = 1; echo $?
#### test one arg
[ x ] && echo nonempty; [ "" ] || echo empty; test && echo no || echo noargs
#### test unary expected
[ -q x ]; echo $?
#### double bracket patterns
[[ abc == a* ]] && echo glob; [[ abc == "a*" ]] || echo literal; [[ abc != b* ]] && echo ne
#### double bracket regex
[[ "hello 123 world" =~ ([0-9]+)\ (w.*) ]] && echo "${BASH_REMATCH[0]}|${BASH_REMATCH[1]}|${BASH_REMATCH[2]}"
#### regex from variable
re='^[a-z]+$'; [[ abc =~ $re ]] && echo match; [[ ABC =~ $re ]] || echo nomatch
#### regex quoted is literal
[[ 'a.c' =~ "a.c" ]] && echo lit1; [[ 'abc' =~ "a.c" ]] || echo lit2
#### double bracket logic
x=5; [[ $x -gt 3 && $x -lt 10 ]] && echo in; [[ $x -gt 7 || $x -eq 5 ]] && echo or; [[ ! $x -eq 4 ]] && echo not
#### double bracket string compare
[[ a < b ]] && echo less; [[ b > a ]] && echo greater
#### double bracket no word splitting
x="a b"; [[ $x == "a b" ]] && echo same; [[ -n $x ]] && echo nonempty
#### double bracket -v
x=1; [[ -v x ]] && echo set; [[ -v nope ]] || echo unset; a=(1); [[ -v a[0] ]] && echo elem
#### double bracket arithmetic operands
[[ 1+1 -eq 2 ]] && echo arith
#### double bracket grouping
[[ ( a == a ) && ( b == c || c == c ) ]] && echo grouped
#### double bracket file tests
touch f; [[ -f f && ! -d f ]] && echo file
#### extglob in double bracket
[[ foo.txt == *.@(txt|md) ]] && echo ext; [[ foo.c == !(*.txt) ]] && echo neg
#### nocasematch
shopt -s nocasematch; [[ ABC == abc ]] && echo ci; case XY in xy) echo case-ci;; esac
#### test with equals double
[ a == a ] && echo ok
#### string less than in test
[ a \< b ] && echo lt
#### test -o option
set -e; [ -o errexit ] && echo on; set +e; [ -o errexit ] || echo off
#### bracket class in pattern
[[ b == [abc] ]] && echo in; [[ d == [!abc] ]] && echo notin; [[ - == [a-] ]] && echo dash

#### regex match fills BASH_REMATCH with groups
[[ "key=value-42" =~ ^([a-z]+)=([a-z]+)-([0-9]+)$ ]]
echo "$? ${#BASH_REMATCH[@]} ${BASH_REMATCH[0]} ${BASH_REMATCH[1]} ${BASH_REMATCH[3]}"

#### regex unmatched optional group is empty
[[ ab =~ a(x)?b ]] && echo "[${BASH_REMATCH[1]}] ${#BASH_REMATCH[@]}"

#### regex no match clears BASH_REMATCH
[[ abc =~ (b) ]]; [[ abc =~ (z) ]]; echo "$? ${#BASH_REMATCH[@]}"

#### regex quoted part is literal
[[ 'a.c' =~ "a.c" ]] && echo yes; [[ 'abc' =~ "a.c" ]] || echo no

#### regex pathological pattern finishes
s=$(printf 'a%.0s' {1..40})
[[ $s =~ (a*)*b ]]; echo $?

#### regex nocasematch
shopt -s nocasematch
[[ HeLLo =~ ^hel+o$ ]] && echo match

#### expr colon operator forms
expr abc : 'a\(b\)c'; expr abcabc : '\(abc\)\1'; expr hello : 'h.*'; expr xhello : 'h.*'; echo $?
