#### printf padding
printf '%-10s|%5s|\n' left right
#### printf zero pad numbers
printf '%05d %03d\n' 42 7
#### printf float precision
printf '%.2f %.0f %8.3f\n' 3.14159 2.5 1.5
#### printf hex octal
printf '%x %X %o %#x\n' 255 255 8 255
#### printf reuse format
printf '%s=%s\n' a 1 b 2 c
#### printf char
printf '%c%c\n' hello world
#### printf percent literal
printf '100%%\n'
#### printf %b escapes
printf '%b\n' 'a\tb\nc'
#### printf escapes in format
printf 'x\ty\\z\n'
#### printf -v variable
printf -v out '%03d' 5; echo "$out"
#### printf negative width star
printf '%*d|%-*d|\n' 5 1 5 2
#### printf precision string
printf '%.3s\n' abcdef
#### printf missing args
printf '%s-%s-%d\n' a
#### printf invalid number
## no-stderr
printf '%d\n' abc; echo "rc=$?"
#### printf char code
printf '%d\n' "'A"
#### printf scientific
printf '%e\n' 12345.678
#### printf %g
printf '%g %g\n' 0.0001 1000000
#### printf table
for r in "a 1" "bb 22" "ccc 333"; do set -- $r; printf '%-5s %4d\n' "$1" "$2"; done
#### printf plus sign
printf '%+d %+d\n' 5 -5
#### printf space flag
printf '% d\n' 7
#### printf with no newline then echo
printf 'no-nl'; echo
#### printf %s with array
a=(x y z); printf '[%s]' "${a[@]}"; echo
#### printf hex input
printf '%d %d\n' 0x1f 010
#### printf large number
printf '%d\n' 9223372036854775807
#### printf %i
printf '%i\n' 12
#### printf unicode via %b
printf '%b\n' '\u263a' | wc -c
#### printf empty format arg
printf '' ; echo "rc=$?"
#### printf %s empty string
printf '[%s]\n' ''
#### printf -- dash arg
printf -- '-%s-\n' x
#### printf %b with \c stops
printf '%b' 'ab\ccd'; echo
#### printf %q empty
printf '%q\n' ''
#### printf width from variable
w=6; printf "%${w}s|\n" hi
#### printf repeated in loop to build csv
for i in 1 2 3; do printf '%s%s' "$sep" "$i"; sep=,; done; echo
#### printf %u
printf '%u\n' 42
#### printf %5.1f
printf '[%5.1f]\n' 3.14159
#### printf %-5d
printf '[%-5d]\n' 3
#### printf %(fmt)T epoch
printf '%(%Y)T\n' 0 | grep -c 19
