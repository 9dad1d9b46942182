cat <<EOF
$(echo ${x:-y})
EOF
case $a in (x|y) echo ;; esac
