#### type -a lists the keyword, builtin and files
PATH=/usr/bin; type -a echo time; echo "status=$?"
#### type -a with a function and an alias
PATH=/usr/bin; shopt -s expand_aliases; alias cat='cat -n'; cat() { :; }; type -a cat
#### type -f skips functions
PATH=/usr/bin; f() { :; }; type -f f; echo "status=$?"; type -fa cat
#### type -p prints a path only for files
PATH=/usr/bin; type -p echo; echo "status=$?"; type -p cat; type -ap echo
#### type -P searches PATH even for builtins and functions
PATH=/usr/bin; printf() { :; }; type -P printf; type -aP echo; type -P nosuch; echo "status=$?"
#### type -t -a gives every kind
PATH=/usr/bin; type -t -a echo test; type -ta nosuch; echo "status=$?"
#### type of a hashed command
PATH=/usr/bin; hash cat; type cat; type -a cat
