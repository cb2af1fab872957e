# Runs an independent Python reference of the contract (tests/golden/) and
# compares what it writes with the golden file the C++ tests compare payplan
# with, so the golden files cannot drift from their reference.
#   -DPYTHON -DSCRIPT -DWORK -DWRITTEN (file under WORK) -DGOLDEN -DARGS (;-list)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${PYTHON} ${SCRIPT} ${ARGS} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SCRIPT} failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/${WRITTEN} ${GOLDEN} RESULT_VARIABLE diff)
if(NOT diff EQUAL 0)
  message(FATAL_ERROR "the reference no longer produces ${GOLDEN}")
endif()
