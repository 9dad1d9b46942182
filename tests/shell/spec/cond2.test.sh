#### [[ -z -n ]]
a=; b=x; [[ -z $a ]] && echo empty; [[ -n $b ]] && echo nonempty
#### [[ unquoted var with spaces safe
v="a b"; [[ $v == "a b" ]] && echo eq
#### [[ pattern vs quoted literal
[[ abc == a* ]] && echo glob; [[ abc == "a*" ]] || echo literal
#### [[ && || grouping
[[ 1 -eq 1 && ( 2 -gt 3 || 4 -lt 5 ) ]] && echo ok
#### [[ ! negation
[[ ! -e /nonexistent ]] && echo missing
#### [[ numeric compare
[[ 10 -gt 9 ]] && echo numeric; [[ 10 > 9 ]] || echo string-lt
#### [[ file tests
touch f; mkdir d; [[ -f f && -d d && -e f && ! -d f ]] && echo files
#### [[ -s nonempty file
: > empty; echo x > full; [[ -s full ]] && echo full; [[ -s empty ]] || echo empty
#### [[ -r -w readable
touch f; [[ -r f && -w f ]] && echo rw
#### [[ -x executable
printf '#!/bin/sh\n' > s; chmod +x s; [[ -x s ]] && echo exec
#### [[ -nt newer than
touch -d '2020-01-01' old; touch new; [[ new -nt old ]] && echo newer
#### [[ -v variable set
x=; [[ -v x ]] && echo set; [[ -v nope ]] || echo unset
#### [[ =~ no quotes on regex
[[ abc123 =~ ^[a-z]+[0-9]+$ ]] && echo match
#### [[ =~ quoted is literal
[[ 'a.c' =~ "a.c" ]] && echo lit; [[ abc =~ "a.c" ]] || echo nolit
#### [[ =~ BASH_REMATCH groups loop
[[ "k1=v1" =~ ^([^=]+)=(.*)$ ]] && for i in 0 1 2; do echo "${BASH_REMATCH[i]}"; done
#### [[ regex alternation
for w in cat dog cow; do [[ $w =~ ^(cat|dog)$ ]] && echo "pet $w"; done
#### [[ string equal with =
[[ x = x ]] && echo same
#### [[ != pattern
[[ file.txt != *.sh ]] && echo notsh
#### test single bracket string
[ "abc" = "abc" ] && echo eq; [ "a" != "b" ] && echo ne
#### test -a -o
[ 1 -eq 1 -a 2 -eq 2 ] && echo and; [ 1 -eq 2 -o 2 -eq 2 ] && echo or
#### test empty var quoting
v=; [ -z "$v" ] && echo empty
#### test integer errors
## no-stderr
[ abc -eq 1 ]; echo "rc=$?"
#### [[ integer error message
## no-stderr
[[ abc -eq 1 ]]; echo "rc=$?"
#### test too many arguments
## no-stderr
v="a b"; [ $v = x ]; echo "rc=$?"
#### [[ -eq arithmetic expression
x=3; [[ x+1 -eq 4 ]] && echo arith
#### [[ empty string comparisons
[[ "" == "" ]] && echo emptyeq
#### test -L symlink
touch t; ln -s t l; [[ -L l ]] && echo link; [[ -L t ]] || echo notlink
#### [[ -o option
set -o noglob; [[ -o noglob ]] && echo noglob-on
#### [[ < lexical with numbers
[[ 10 < 9 ]] && echo lexical
#### test with parentheses escaped
[ \( 1 -eq 1 \) ] && echo paren
#### [[ multiline condition
if [[ -n x &&
      -n y ]]; then echo multi; fi
#### [[ glob char class
[[ B =~ [[:upper:]] ]] && echo upper; [[ 5 == [0-9] ]] && echo digit
#### (( )) as condition
x=5; if (( x > 3 && x < 10 )); then echo inrange; fi
#### (( )) zero is false
(( 0 )); echo $?; (( 7 )); echo $?
#### test -e on directory slash
mkdir dd; [ -e dd/ ] && echo dir-exists
#### test command form
test -n "x" && echo test-n; test 3 -lt 4 && echo lt
