x=a; while :; do x=$x$x; done
