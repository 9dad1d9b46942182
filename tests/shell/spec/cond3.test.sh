#### [[ == with variable pattern unquoted
p='a*'; [[ abc == $p ]] && echo glob-var
#### [[ == with variable pattern quoted literal
p='a*'; [[ abc == "$p" ]] || echo literal-var
#### [[ -f on path with spaces
touch "sp ace"; f="sp ace"; [[ -f $f ]] && echo found
#### [ -f on path with spaces quoted
touch "sp ace"; f="sp ace"; [ -f "$f" ] && echo found
#### [[ -d trailing slash
mkdir -p dd; [[ -d dd/ ]] && echo dir
#### [[ -e broken symlink
ln -s nowhere broken; [[ -e broken ]] || echo missing-target; [[ -L broken ]] && echo is-link
#### [[ -ot older than
touch -d '2001-01-01' o1; touch n1; [[ o1 -ot n1 ]] && echo older
#### [[ -ef same file
touch s; ln s h; [[ s -ef h ]] && echo same-inode
#### [[ string with newline
v=$'a\nb'; [[ $v == *$'\n'* ]] && echo has-newline
#### [[ regex with optional group
for v in color colour; do [[ $v =~ ^colou?r$ ]] && echo "ok $v"; done
#### [[ regex character class digits count
[[ 2024-01-05 =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] && echo date
#### [[ regex capture numbers loop
s="a=1 b=22 c=333"; while [[ $s =~ ([a-z])=([0-9]+) ]]; do echo "${BASH_REMATCH[1]}:${BASH_REMATCH[2]}"; s=${s#*"${BASH_REMATCH[0]}"}; done
#### [[ -n with unset under set -u default
set -u; [[ -n ${MAYBE:-} ]] || echo unset-ok
#### [[ numeric with spaces around
[[ " 5" -eq 5 ]] && echo trimmed
#### test -z on unquoted empty
v=; [ -z $v ] && echo empty-unquoted
#### test -n on unquoted empty pitfall
v=; [ -n $v ] && echo pitfall-true
#### test string equality double equals
[ a == a ] && echo double-eq
#### test numeric -ne -le -ge
[ 3 -ne 4 ] && [ 3 -le 3 ] && [ 4 -ge 3 ] && echo numeric-ops
#### test ! negation
[ ! -e /nope ] && echo negated
#### nested if with [[ ]] and (( ))
x=4; if [[ $x == 4 ]] && (( x * 2 == 8 )); then echo both; fi
#### [[ || short circuit no error
[[ 1 == 1 || $(echo never >&2) ]] && echo short
#### if with function returning status
is_even() { (( $1 % 2 == 0 )); }; for n in 1 2; do if is_even $n; then echo "$n even"; else echo "$n odd"; fi; done
#### [[ -v array element
a=(x); [[ -v a[0] ]] && echo has0; [[ -v a[1] ]] || echo no1
#### [[ -R nameref
declare -n r=x; [[ -R r ]] && echo nameref
#### [[ lexical compare with locale chars
[[ a < b && B < a ]] && echo ascii-order
#### [[ == with extglob negation
[[ file.txt == !(*.sh) ]] && echo not-sh
#### [[ with arithmetic expansion inside
[[ $(( 2 + 2 )) -eq 4 ]] && echo four
#### test -s on missing file
[ -s /no/file ] || echo not-s
#### [[ -z on array expansion
a=(); [[ -z ${a[*]} ]] && echo empty-array
#### case inside [[ style validation
valid() { case $1 in ''|*[!0-9]*) return 1;; esac; }; valid 123 && echo num; valid 12a || echo notnum
