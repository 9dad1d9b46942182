#### star glob sorted
touch b a c; echo *
#### question mark glob
touch a1 a2 a10; echo a?
#### bracket range glob
touch f1 f2 f3 fa; echo f[0-9]
#### negated bracket glob
touch f1 fa fb; echo f[!0-9]
#### hidden files not matched
touch .hidden visible; echo *
#### dotglob
touch .hidden visible; shopt -s dotglob; echo *
#### glob in subdirectory
mkdir -p d; touch d/x.c d/y.c d/z.h; echo d/*.c
#### globstar recursive
shopt -s globstar; mkdir -p a/b/c; touch a/1.md a/b/2.md a/b/c/3.md; echo **/*.md
#### extglob negation
shopt -s extglob; touch a.txt b.log c.txt; echo !(*.txt)
#### extglob one-or-more
shopt -s extglob; touch ab aab b; echo +(a)b
#### failglob error
## no-stderr
shopt -s failglob; echo nomatch*; echo "rc=$?"
#### nocaseglob
shopt -s nocaseglob; touch README; echo read*
#### glob with no match in for loop
for f in *.none; do echo "[$f]"; done
#### glob with nullglob in for loop
shopt -s nullglob; for f in *.none; do echo "[$f]"; done; echo end
#### glob char class
touch A b C; echo [[:upper:]]
#### glob directories only trailing slash
mkdir -p d1 d2; touch f; echo */
#### glob in array count
touch x.sh y.sh; s=(*.sh); echo ${#s[@]}
#### glob escaped star
touch '*' a; echo \*
#### brace expansion combos
echo {a,b}{1,2}
#### brace expansion nested
echo x{a,{b,c}}y
#### brace sequence zero padded
echo {01..03}
#### brace sequence reverse
echo {5..1}
#### brace letters step
echo {a..i..2}
#### brace with prefix path
echo /tmp/{x,y}.log
#### brace no expansion single item
echo {a}
#### mkdir with brace
mkdir -p proj/{src,test}; ls proj
#### brace expansion with variables not expanded first
n=3; echo {1..$n}
#### case glob pattern match file names
for f in a.tar.gz b.zip c; do case $f in *.tar.gz) echo tgz;; *.zip) echo zip;; *) echo none;; esac; done
