#### @Q and declare -p spell control bytes as $'...' escapes
x=$'p\bq\fr\rs\nt\tu\av\vw\x1bx\x01y\x7f\'z\\'; echo "${x@Q}"; declare -p x
