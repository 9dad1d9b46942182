#### precedence
echo $((2+3*4)) $(((2+3)*4)) $((2**3**2)) $((-2**2)) $((10-2-3)) $((2*3%4))
#### comparison and logic
echo $((1<2)) $((2<1)) $((1==1)) $((1!=1)) $((3>=3)) $((1&&0)) $((0||2)) $((!5)) $((!0))
#### bitwise
echo $((5&3)) $((5|3)) $((5^3)) $((~5)) $((1<<10)) $((1024>>3)) $((-16>>2))
#### ternary
x=5; echo $((x>3 ? 10 : 20)) $((x<3 ? 10 : x>4 ? 30 : 40))
#### assignment operators
x=10; ((x+=5)); echo $x; ((x-=3)); echo $x; ((x*=2)); echo $x; ((x/=4)); echo $x; ((x%=4)); echo $x
#### more assignment operators
x=1; ((x<<=4)); echo $x; ((x>>=2)); echo $x; ((x|=3)); echo $x; ((x&=6)); echo $x; ((x^=1)); echo $x
#### increment decrement
x=5; echo $((x++)) $x $((++x)) $x $((x--)) $x $((--x)) $x
#### comma operator
echo $((a=1, b=2, a+b))
#### variables without dollar
a=3; b=4; echo $((a*a + b*b))
#### variable holding expression
e='1+2'; echo $((e*3)) $(( $e * 3 ))
#### unset variable is zero
unset z; echo $((z+1))
#### bases
echo $((0x10)) $((010)) $((2#1111)) $((16#ff)) $((36#z)) $((64#_)) $((0X1F))
#### division by zero
echo $((1/0)); echo after
#### division by zero in script continues next line
x=$((5%0))
echo next
#### overflow wraps
echo $((9223372036854775807+1)) $((-9223372036854775807-1))
#### negative modulo and division
echo $((-7%3)) $((7%-3)) $((-7/3))
#### arith command status
((0)); echo $?; ((5)); echo $?; ((x=0)); echo $?
#### let
let x=2+3 y=x*2; echo $x $y; let "z = 1 + 1"; echo $z; let 0; echo $?
#### arith in array index
a=(10 20 30); i=0; echo $((a[1]+a[i+2]))
#### assign to array element in arith
((arr[2]=7)); echo ${arr[2]}
#### nested parens
echo $(( ((1+2)) * ((3)) ))
#### arith syntax error
echo $((1 +* 2)); echo after
#### whitespace in arith
echo $((   1   +
  2 ))
#### string that is not a number
x=abc; abc=7; echo $((x+1))
#### integer attribute
declare -i n; n=5+5; echo $n; n+=3; echo $n; n=abc; echo $n
#### exponent negative error
echo $((2**-1))
#### comparison of negative
echo $((-1 < 0)) $((-5 > -10))
#### arith for with expressions
for ((i=10; i>0; i-=4)); do echo $i; done
#### dollar in arith with braces
x=4; echo $(( ${x} * 2 )) $(( $x ** 2 ))
#### arith with command substitution
echo $(( $(echo 6) * 7 ))
#### pre-increment of unset
unset q; echo $((++q)) $q
#### octal-looking error
echo $((09))
#### too great for base
echo $((2#102))
