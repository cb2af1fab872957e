# Runs an independent Python reference of the contract (tests/golden/) and
# compares what it writes with the golden files the tests compare payplan
# with, so the golden files cannot drift from their reference.
#   -DPYTHON -DSCRIPT -DWORK -DARGS (;-list)
#   -DWRITTEN (;-list of files under WORK) -DGOLDEN (;-list, the same length):
#   each WRITTEN file must equal its GOLDEN file byte for byte.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${PYTHON} ${SCRIPT} ${ARGS} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SCRIPT} failed: ${rc}")
endif()
list(LENGTH WRITTEN n)
list(LENGTH GOLDEN m)
if(NOT n EQUAL m OR n EQUAL 0)
  message(FATAL_ERROR "WRITTEN and GOLDEN must be lists of one length")
endif()
math(EXPR last "${n} - 1")
foreach(i RANGE ${last})
  list(GET WRITTEN ${i} written)
  list(GET GOLDEN ${i} golden)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/${written} ${golden} RESULT_VARIABLE diff)
  if(NOT diff EQUAL 0)
    message(FATAL_ERROR "the reference no longer produces ${golden} (it wrote ${WORK}/${written})")
  endif()
endforeach()
