#### while read file lines
printf 'a\nb\nc\n' > f; while IFS= read -r line; do echo "<$line>"; done < f
#### while read last line without newline
printf 'a\nb' > f; while IFS= read -r line || [[ -n $line ]]; do echo "<$line>"; done < f
#### read preserves leading spaces with IFS=
printf '  x  \n' | { IFS= read -r l; echo "[$l]"; }
#### read strips spaces default IFS
printf '  x  \n' | { read -r l; echo "[$l]"; }
#### read backslash without -r
printf 'a\\tb\n' | { read l; echo "[$l]"; }
#### read backslash with -r
printf 'a\\tb\n' | { read -r l; echo "[$l]"; }
#### read extra fields into last var
echo "1 2 3 4" | { read a b; echo "$a|$b"; }
#### read fewer fields
echo "1" | { read a b; echo "$a|$b|"; }
#### read csv with IFS comma
echo "x,y,z" | { IFS=, read -r a b c; echo "$c$b$a"; }
#### read -a with IFS colon
IFS=: read -r -a parts <<< "/usr/bin:/bin:/sbin"; echo "${#parts[@]} ${parts[2]}"
#### read -d delimiter
read -r -d , first <<< "aa,bb"; echo "$first"
#### read -n count
read -n 3 x <<< "abcdef"; echo "$x"
#### read -N count
read -N 4 x <<< "ab cd"; echo "[$x]"
#### read status at eof
read x < /dev/null; echo $?
#### read REPLY default
echo hi | { read; echo "$REPLY"; }
#### read -p prompt goes to stderr noninteractive
## stdin: val\n
read -p "prompt: " v; echo "$v"
#### while read from pipeline sum
seq 1 5 | { s=0; while read n; do s=$((s+n)); done; echo $s; }
#### while read subshell loses vars
c=0; printf '1\n2\n' | while read x; do c=$((c+1)); done; echo $c
#### while read with process substitution keeps vars
c=0; while read x; do c=$((c+1)); done < <(printf '1\n2\n3\n'); echo $c
#### read tab separated
printf 'a\tb c\td\n' | { IFS=$'\t' read -r x y z; echo "$y"; }
#### read key value with colon space
while IFS=': ' read -r k v; do echo "$k=$v"; done <<< "host: example"
#### read from stdin script
## stdin: one\ntwo\n
while read -r l; do echo "got $l"; done
#### read -u fd
exec 3<<< "fdline"; read -r -u 3 v; echo "$v"; exec 3<&-
#### read empty lines kept
printf 'a\n\nb\n' | while IFS= read -r l; do echo "[$l]"; done
#### read with IFS empty and -d empty NUL split
printf 'a\0b\0' | while IFS= read -r -d '' x; do echo "<$x>"; done
#### read into array and loop
read -r -a w <<< "  many   spaced words "; for x in "${w[@]}"; do echo "$x"; done
#### read line count loop
n=0; while read -r _; do ((n++)) || true; done <<< $'a\nb\nc'; echo $n
#### read skip comments
while read -r l; do [[ $l == \#* || -z $l ]] && continue; echo "$l"; done <<'EOF'
# comment
keep

also
EOF
#### read two files in parallel with paste
printf '1\n2\n' > a; printf 'x\ny\n' > b; paste a b | while read -r n c; do echo "$n$c"; done
#### read with trailing IFS whitespace
IFS=' ' read -r a b <<< "x y  "; echo "[$a][$b]"
#### read non-whitespace IFS empty fields
IFS=, read -r a b c <<< "1,,3"; echo "[$a][$b][$c]"
#### mapfile basic
mapfile -t lines <<< $'l1\nl2\nl3'; echo "${#lines[@]} ${lines[2]}"
#### mapfile without -t keeps newline
mapfile arr <<< $'a\nb'; printf '[%s]' "${arr[@]}"; echo
#### readarray from command
readarray -t files < <(printf 'x\ny\n'); echo "${files[*]}"
#### mapfile -n limit
mapfile -t -n 2 a < <(seq 5); echo "${a[@]}"
#### mapfile -s skip
mapfile -t -s 2 a < <(seq 5); echo "${a[@]}"
#### mapfile -O origin
a=(z); mapfile -t -O 1 a < <(echo y); echo "${a[@]}"
#### mapfile -d delimiter
mapfile -t -d , a <<< "p,q,r"; echo "${#a[@]} [${a[2]}]"
#### mapfile from file
printf 'u\nv\n' > f; mapfile -t L < f; echo "${L[1]}"
#### mapfile empty input
mapfile -t e < /dev/null; echo "${#e[@]}"
#### mapfile then iterate indexes
mapfile -t a <<< $'q\nw'; for i in "${!a[@]}"; do echo "$i:${a[i]}"; done
