#### heredoc into cat with variable
name=world; cat <<EOF
hello $name
EOF
#### heredoc quoted delimiter no expansion
x=1; cat <<'EOF'
$x $(echo no) `echo no`
EOF
#### heredoc double-quoted delimiter
x=1; cat <<"END"
$x
END
#### heredoc tab strip
cat <<-EOF
	indented
		twice
	EOF
#### heredoc into while read
while read -r a b; do echo "$b:$a"; done <<EOF
1 one
2 two
3 three
EOF
#### heredoc into grep
grep -c o <<EOF
foo
bar
boo
EOF
#### heredoc into sort uniq
sort <<EOF | uniq -c
b
a
b
EOF
#### heredoc with command substitution
cat <<EOF
now $(echo sub) and $((2+3))
EOF
#### heredoc escaped dollar
cat <<EOF
price \$5 and \`x\`
EOF
#### heredoc backslash newline continuation
cat <<EOF
a\
b
EOF
#### heredoc quoted keeps backslash
cat <<'EOF'
a\
b
EOF
#### two heredocs on one line
cat <<A; cat <<B
first
A
second
B
#### heredoc to file then read
cat > cfg.txt <<EOF
k=v
EOF
cat cfg.txt
#### heredoc appended to file
echo start > log; cat >> log <<EOF
more
EOF
cat log
#### heredoc inside function
f() { cat <<EOF
in $1
EOF
}; f arg
#### heredoc in command substitution
v=$(cat <<EOF
line1
line2
EOF
); echo "$v" | wc -l
#### heredoc to wc
wc -l <<EOF
1
2
3
EOF
#### heredoc empty body
cat <<EOF
EOF
echo after
#### heredoc with array expansion
a=(x y z); cat <<EOF
${a[@]} ${#a[@]}
EOF
#### heredoc in for loop
for i in 1 2; do cat <<EOF
iter $i
EOF
done
#### heredoc to sed
sed 's/a/X/g' <<EOF
banana
EOF
#### heredoc to awk
awk '{s+=$1} END {print s}' <<EOF
1
2
3
EOF
#### heredoc with special chars
cat <<'EOF'
*.txt ? [a] {b,c} ~ 'q' "d"
EOF
#### heredoc unquoted glob not expanded
touch a.txt; cat <<EOF
*.txt
EOF
#### here-string basic
cat <<< "hello there"
#### here-string with read
read -r a b <<< "one two three"; echo "$a|$b"
#### here-string variable
s="x y"; tr ' ' '\n' <<< "$s"
#### here-string adds newline
wc -c <<< abc
#### here-string into read -a
read -r -a arr <<< "p q r"; echo "${arr[1]} ${#arr[@]}"
#### heredoc to bash -c style pipeline
cat <<EOF | tr a-z A-Z
shout
EOF
#### heredoc with leading spaces kept
cat <<EOF
  two spaces
EOF
#### heredoc delimiter with underscore
cat <<END_OF_TEXT
body
END_OF_TEXT
#### heredoc in if condition
if grep -q needle <<EOF
hay needle hay
EOF
then echo found; fi
#### heredoc with parameter ops
f=/a/b/c.txt; cat <<EOF
${f##*/} ${f%.*}
EOF
#### heredoc read into variable with read -d
read -r -d '' v <<'EOF' || true
multi
line
EOF
printf '[%s]\n' "$v"
#### heredoc to while with line numbers
n=0; while IFS= read -r l; do n=$((n+1)); echo "$n: $l"; done <<'EOF'
  a
b c
EOF
#### heredoc feeding head
head -n 2 <<EOF
1
2
3
EOF
#### heredoc redirect to stderr
cat <<EOF >&2
err
EOF
echo out
#### heredoc stdin to function
f() { while read -r l; do echo "f:$l"; done; }; f <<EOF
x
y
EOF
#### heredoc tab strip with quoted delim
cat <<-'X'
	$keep
	X
