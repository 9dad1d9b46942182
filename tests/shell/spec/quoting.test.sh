#### single quotes keep everything
echo 'a $b `c` \d "e"'
#### double quotes expand
x=1; echo "x=$x \$x \"q\" \\ \`"
#### backslash outside quotes
echo a\ b \$x \\ \'
#### dollar single quotes
echo $'tab\there' $'nl\nx' $'\x41\101\u00e9' $'\'q\''
#### adjacent quoting
x=mid; echo 'a'"b"$x'c'"$x"d
#### empty string argument
printf '<%s>\n' "" '' a
#### quoted at sign in empty
set --; printf '<%s>\n' "$@"; echo count $#
#### quoted star joins with space
set -- a b c; echo "$*"; IFS=,; echo "$*"; IFS=; echo "$*"
#### at with prefix suffix
set -- a b c; printf '<%s>\n' "x$@y"
#### line continuation
echo one \
two \
three
#### line continuation in double quotes
echo "a\
b"
#### comment handling
echo a # comment
echo b#notcomment
# full line
echo c
#### hash in word
x=a#b; echo $x ${#x}
#### nested quotes in command substitution
echo "$(echo "inner $(echo 'deep')")"
#### single quote inside double
echo "it's"
#### escaped newline in single quotes
echo 'a\
b'
#### dollar at end
echo $ a$ "b$"
#### quoted glob chars
echo '*' "*" \*
#### tilde
HOME=/home/user; echo ~ ~/x "~" '~' x~
#### tilde in assignment
HOME=/h; x=~/bin; echo $x
#### brace expansion basics
echo {a,b,c} x{1,2}y {a..e} {1..10..3} {5..1} {a,b}{1,2}
#### brace expansion quoted
echo "{a,b}" '{1..3}' {a} {} {a,}
#### brace padding and negative
echo {01..03} {-2..2} {z..v}
#### nested braces
echo {a,{b,c}d}e
