# beacon_cc_library / beacon_cc_test / beacon_cc_bench: the only way Beacon declares targets.
#
#   beacon_cc_library(NAME routing SRCS a.cc b.cc HDRS a.h b.h DEPS beacon::base EXTERNAL osmium)
#
# NAME becomes target beacon_<name> with alias beacon::<name>. DEPS are other Beacon modules
# (public link edges, recorded for the layering check); EXTERNAL are third-party targets.
# Source lists are explicit: no file(GLOB).

set_property(GLOBAL PROPERTY BEACON_MODULES "")

function(beacon_cc_library)
  cmake_parse_arguments(ARG "" "NAME;DIR" "SRCS;HDRS;DEPS;EXTERNAL;PRIVATE_EXTERNAL" ${ARGN})
  set(target beacon_${ARG_NAME})
  if(ARG_SRCS)
    add_library(${target} STATIC ${ARG_SRCS} ${ARG_HDRS})
    set(scope PUBLIC)
  else()
    add_library(${target} INTERFACE ${ARG_HDRS})
    set(scope INTERFACE)
  endif()
  add_library(beacon::${ARG_NAME} ALIAS ${target})
  target_include_directories(${target} ${scope} ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${target} ${scope} ${ARG_DEPS} ${ARG_EXTERNAL})
  if(ARG_PRIVATE_EXTERNAL)
    target_link_libraries(${target} PRIVATE ${ARG_PRIVATE_EXTERNAL})
  endif()
  if(ARG_SRCS)
    beacon_set_warnings(${target})
    beacon_set_sanitizers(${target})
  endif()
  # Record the module and its declared Beacon edges for the layering check.
  if(NOT ARG_DIR)
    file(RELATIVE_PATH ARG_DIR ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
  set(edges "")
  foreach(dep IN LISTS ARG_DEPS)
    string(REPLACE "beacon::" "" dep_name "${dep}")
    list(APPEND edges ${dep_name})
  endforeach()
  string(REPLACE ";" "," edges_csv "${edges}")
  set_property(GLOBAL APPEND PROPERTY BEACON_MODULES "${ARG_NAME}|${ARG_DIR}|${edges_csv}")
endfunction()

# Writes build/<preset>/module_graph.txt: one "name|dir|dep,dep" line per module.
function(beacon_write_module_graph)
  get_property(modules GLOBAL PROPERTY BEACON_MODULES)
  string(REPLACE ";" "\n" text "${modules}")
  file(WRITE ${PROJECT_BINARY_DIR}/module_graph.txt "${text}\n")
endfunction()

#   beacon_cc_test(NAME base_test SRCS status_test.cc DEPS beacon::base LABELS unit)
function(beacon_cc_test)
  cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SRCS;DEPS;LABELS;ARGS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} beacon::testing GTest::gtest GTest::gmock
    GTest::gtest_main)
  beacon_set_warnings(${ARG_NAME})
  beacon_set_sanitizers(${ARG_NAME})
  target_compile_definitions(${ARG_NAME} PRIVATE
    BEACON_SOURCE_DIR="${PROJECT_SOURCE_DIR}" BEACON_BINARY_DIR="${PROJECT_BINARY_DIR}")
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME} ${ARG_ARGS})
  set_tests_properties(${ARG_NAME} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "BEACON_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

#   beacon_cc_bench(NAME base_bench SRCS base_bench.cc DEPS beacon::base)
function(beacon_cc_bench)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} benchmark::benchmark)
  beacon_set_warnings(${ARG_NAME})
  beacon_set_sanitizers(${ARG_NAME})
  set_property(GLOBAL APPEND PROPERTY BEACON_BENCHES ${ARG_NAME})
endfunction()
