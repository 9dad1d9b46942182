yes | head -n 3; seq 1 5 | sort -r
