# Writes the fuzzers' seed corpora from rules-examples/ (cmake -P):
#   -DEXAMPLES=<rules-examples dir> -DOUT=<seeds dir> -DROWS=<data rows per orders seed>
# OUT/orders      the first ROWS rows of every example's orders.csv
# OUT/plan        every example plan (whole files: they are a few KB)
# OUT/org         every example org of at most 16 KB
# OUT/end_to_end  slices of full-plan/orders.csv (the fixed plan's own orders):
#                 the first, middle and last ROWS rows, and the returns with
#                 the orders they return
# The example CSVs hold no ';' (a CMake list separator), so lines split safely.

function(csv_lines file out_var)
  file(READ ${file} text)
  string(REGEX MATCHALL "[^\n]*\n" lines "${text}")
  set(${out_var} "${lines}" PARENT_SCOPE)
endfunction()

# Rows [first, first + count) of a CSV, after its header, written to out.
function(write_rows lines first count out)
  list(GET lines 0 header)
  list(LENGTH lines n)
  set(text "${header}")
  math(EXPR last "${first} + ${count} - 1")
  if(last GREATER_EQUAL n)
    math(EXPR last "${n} - 1")
  endif()
  foreach(i RANGE ${first} ${last})
    list(GET lines ${i} line)
    string(APPEND text "${line}")
  endforeach()
  file(WRITE ${out} "${text}")
endfunction()

file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT}/orders ${OUT}/plan ${OUT}/org ${OUT}/end_to_end)

file(GLOB examples LIST_DIRECTORIES true ${EXAMPLES}/*)
foreach(dir IN LISTS examples)
  get_filename_component(name ${dir} NAME)
  if(EXISTS ${dir}/orders.csv)
    csv_lines(${dir}/orders.csv lines)
    write_rows("${lines}" 1 ${ROWS} ${OUT}/orders/${name}.csv)
  endif()
  file(GLOB plans ${dir}/plan*.yaml)
  foreach(plan IN LISTS plans)
    get_filename_component(plan_name ${plan} NAME)
    configure_file(${plan} ${OUT}/plan/${name}-${plan_name} COPYONLY)
  endforeach()
  if(EXISTS ${dir}/org.yaml)
    file(SIZE ${dir}/org.yaml size)
    if(size LESS_EQUAL 16384)
      configure_file(${dir}/org.yaml ${OUT}/org/${name}.yaml COPYONLY)
    endif()
  endif()
endforeach()

csv_lines(${EXAMPLES}/full-plan/orders.csv lines)
list(LENGTH lines n)
write_rows("${lines}" 1 ${ROWS} ${OUT}/end_to_end/first.csv)
math(EXPR middle "${n} / 2")
write_rows("${lines}" ${middle} ${ROWS} ${OUT}/end_to_end/middle.csv)
math(EXPR tail "${n} - ${ROWS}")
write_rows("${lines}" ${tail} ${ROWS} ${OUT}/end_to_end/last.csv)
# Returns (refund_of, the 7th column, set) and the orders they return.
list(GET lines 0 returns)
list(SUBLIST lines 1 -1 data)
set(returned)
foreach(line IN LISTS data)
  if(line MATCHES "^[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,([^,]+),")
    list(APPEND returned "${CMAKE_MATCH_1}")
  endif()
endforeach()
foreach(line IN LISTS data)
  string(REGEX MATCH "^[^,]*" id "${line}")
  if(id IN_LIST returned OR line MATCHES "^[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]+,")
    string(APPEND returns "${line}")
  endif()
endforeach()
file(WRITE ${OUT}/end_to_end/returns.csv "${returns}")
