#### arith basic ops
echo $(( 7 + 3 )) $(( 7 - 3 )) $(( 7 * 3 )) $(( 7 / 3 )) $(( 7 % 3 ))
#### arith negative division truncates
echo $(( -7 / 2 )) $(( -7 % 2 ))
#### arith power
echo $(( 2 ** 10 )) $(( 3 ** 0 ))
#### arith precedence parens
echo $(( (2 + 3) * 4 )) $(( 2 + 3 * 4 ))
#### arith ternary
x=5; echo $(( x > 3 ? 100 : 200 ))
#### arith increments
i=5; echo $(( i++ )) $i $(( ++i )) $(( i-- )) $i
#### arith compound assign
x=10; (( x += 5, x *= 2, x -= 1 )); echo $x
#### arith bit ops
echo $(( 6 & 3 )) $(( 6 | 3 )) $(( 6 ^ 3 )) $(( ~0 )) $(( 1 << 4 )) $(( 256 >> 2 ))
#### arith logical
echo $(( 1 && 0 )) $(( 1 || 0 )) $(( !5 ))
#### arith hex octal base
echo $(( 0xff )) $(( 017 )) $(( 2#1011 )) $(( 36#z ))
#### arith variables without dollar
a=3 b=4; echo $(( a * a + b * b ))
#### arith unset var is zero
unset q; echo $(( q + 1 ))
#### arith string var recursive
a=b; b=7; echo $(( a + 1 ))
#### arith overflow wraps
echo $(( 9223372036854775807 + 1 ))
#### arith comparison results
echo $(( 3 == 3 )) $(( 3 != 3 )) $(( 2 <= 3 )) $(( 4 >= 5 ))
#### arith division by zero error
## no-stderr
echo $(( 1 / 0 )); echo "rc=$?"
#### arith let
let x=2*3 y=x+1; echo $x $y
#### let return status zero result
let z=0; echo $?
#### declare -i auto arith
declare -i n; n=3+4; n+=1; echo $n
#### arith in array index
a=(1 2 3 4); i=1; echo ${a[i*2]}
#### arith comma operator
echo $(( a=1, b=a+1, b*10 ))
#### arith nested parens deep
echo $(( ((((1+2))*((3+4)))) ))
#### arith with spaces and newlines
echo $((
  1 +
  2
))
#### arith sum loop
s=0; for n in 3 5 7; do (( s += n )); done; echo $s
#### arith average integer
nums=(4 8 15 16 23 42); s=0; for n in "${nums[@]}"; do ((s+=n)); done; echo $(( s / ${#nums[@]} ))
#### arith max in loop
max=0; for n in 3 9 2; do (( n > max )) && max=$n; done; echo $max
#### arith percent formatting
done_=37 total=120; echo "$(( done_ * 100 / total ))%"
#### arith with leading zeros as octal error
## no-stderr
echo $(( 08 )); echo "rc=$?"
#### arith 10# strips leading zero
echo $(( 10#08 + 1 ))
#### arith negative numbers
echo $(( -5 + -3 )) $(( - -2 ))
#### arith modulo negative
echo $(( 10 % -3 ))
#### arith assignment returns value
echo $(( x = 42 )); echo $x
#### arith shift assign
v=1; (( v <<= 3 )); echo $v
#### arith dollar var inside
n=4; echo $(( $n * 2 ))
#### expr command
expr 3 + 4; expr 10 / 3
#### bc-free float via awk
awk 'BEGIN { printf "%.2f\n", 10/3 }'
#### seq arithmetic pipeline sum
seq 1 100 | paste -sd+ | bc
#### arith random in range
r=$(( RANDOM % 10 )); (( r >= 0 && r < 10 )) && echo inrange
#### arith exponent negative error
## no-stderr
echo $(( 2 ** -1 )); echo "rc=$?"
#### arith char literal not allowed
## no-stderr
x="a b"; echo $(( x )); echo "rc=$?"
