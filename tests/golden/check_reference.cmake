# Runs the independent reference on the bundled example and compares its
# statements with the golden file that the C++ tests compare payplan with.
set(example ${SOURCE}/rules-examples/basic-commission)
file(REMOVE_RECURSE ${WORK})
execute_process(
  COMMAND ${PYTHON} ${SOURCE}/tests/golden/reference_commission.py
    --model ${SOURCE}/tests/golden/basic-commission.json --orders ${example}/orders.csv --out ${WORK}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "reference_commission.py failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files
  ${WORK}/statements.csv ${SOURCE}/tests/golden/basic-commission.statements.csv RESULT_VARIABLE diff)
if(NOT diff EQUAL 0)
  message(FATAL_ERROR "the reference no longer produces tests/golden/basic-commission.statements.csv")
endif()
