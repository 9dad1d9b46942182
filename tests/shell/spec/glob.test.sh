#### star glob sorted
touch b.txt a.txt c.log; echo *.txt; echo *
#### question mark and brackets
touch a1 a2 b1 ab; echo a? [ab]1 a[!1]
#### no match stays literal
echo *.nomatch "*.txt"
#### nullglob
shopt -s nullglob; echo start *.nomatch end
#### failglob
shopt -s failglob; echo *.nomatch; echo after
#### dotfiles hidden
touch .hidden visible; echo *; shopt -s dotglob; echo *
#### glob in directories
mkdir -p d1 d2; touch d1/x d2/y; echo d*/*; echo */
#### globstar
mkdir -p a/b/c; touch a/1 a/b/2 a/b/c/3; shopt -s globstar; echo a/**; echo **/3
#### glob with variable
touch x1 x2; p='x*'; echo $p; echo "$p"
#### noglob
touch q1; set -f; echo q*; set +f; echo q*
#### glob character classes
touch A1 b2 C3; echo [[:upper:]]*; echo [[:lower:]]*
#### extglob patterns
touch f.c f.h f.o; shopt -s extglob; echo f.@(c|h); echo !(f.o)
#### nocaseglob
touch ABC; shopt -s nocaseglob; echo abc*
#### glob absolute path
mkdir -p /tmp/gtest; touch /tmp/gtest/one /tmp/gtest/two; echo /tmp/gtest/*
#### glob in for loop
touch m1 m2; for f in m*; do echo "file $f"; done
#### glob assignment not expanded
touch z1; x=z*; echo "$x"
#### escaped glob
touch 'a*b' axb; echo a\*b; echo a*b
#### glob sort order C locale
touch B a C b _x 1; echo *
#### bracket with range
touch k1 k5 k9; echo k[1-5]
#### glob dot dot
mkdir -p gd; cd gd; echo .*; cd ..
