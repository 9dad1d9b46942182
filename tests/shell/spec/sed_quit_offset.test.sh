#### sed q leaves seekable stdin after the lines it read
printf '1\n2\n3\n4\n' > f
{ sed -n 1q; cat; } < f
echo ---
{ sed 2q; cat; } < f
echo ---
{ sed -n '/3/q'; cat; } < f
echo ---
{ sed 1Q; cat; } < f
echo ---
{ sed 'N;q'; echo rest; cat; } < f

#### sed q after a $ test (lookahead line is given back)
printf '1\n2\n3\n' > f
{ sed -n '$!{p;q}'; cat; } < f
echo ---
{ sed -n '1{$q};2q'; cat; } < f

#### sed without q reads all of stdin
printf 'a\nb\nc\n' > f
{ sed -n 1p; cat; echo end; } < f

#### sed q twice in a row, and a last line without newline
printf 'a\nb\nc' > f
{ sed q; sed q; cat; echo; } < f

#### sed q on a pipe cannot give back
printf 'a\nb\n' | { sed q; cat; echo end; }

#### sed q with a file operand does not move stdin
printf 'x\ny\n' > g
printf '1\n2\n' > f
{ sed q g; cat; } < f
