#### printf %(fmt)T in an exported POSIX TZ
export TZ='EST5EDT,M3.2.0,M11.1.0'
printf '%(%F %T %Z %z)T\n' 0 1656000000 1667712600 1667716200
printf '%(%c|%s|%%s)T\n' 1640993400

#### printf %(fmt)T with TZ assigned for the command only
TZ='<+0530>-5:30' printf '%(%F %T %Z %z)T\n' 1640993400
TZ='CET-1CEST,M3.5.0,M10.5.0/3' printf '%(%F %T %Z %z)T\n' 1640993400 1656000000
printf '%(%F %T %Z %z)T\n' 1640993400

#### printf %(fmt)T ignores a TZ that is not exported
TZ=JST-9
printf '%(%H %Z)T\n' 0
export TZ
printf '%(%H %Z)T\n' 0
unset TZ
printf '%(%H %Z)T\n' 0

#### printf %(fmt)T result over 127 bytes is empty
f=$(printf '%%Y%.0s' 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31)
x=$(printf "%(${f}abc)T" 0); echo ${#x}
x=$(printf "%(${f}abcd)T" 0); echo ${#x}

#### diff reads process substitutions
diff <(printf 'a\n') <(printf 'b\n'); echo "status $?"
diff <(printf 'a\nb\n') <(printf 'a\nb\n'); echo "status $?"
printf 'x\n' | diff - <(printf 'y\n'); echo "status $?"
diff -u <(printf 'a\nb\n') <(printf 'a\nc\n') | tail -n +3

#### diff -q and -s on process substitutions
diff -q <(echo one) <(echo two) | sed 's|/dev/fd/[0-9]*|FD|g'; echo "status ${PIPESTATUS[0]}"
diff -s <(echo same) <(echo same) | sed 's|/dev/fd/[0-9]*|FD|g'
