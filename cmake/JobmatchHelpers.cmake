# CMake helpers for jobmatch's tests and benchmarks (in the spirit of
# abseil's absl_cc_test): one call per test program instead of a repeated
# block of add_executable / target_link_libraries / gtest_discover_tests.

# jobmatch_test(NAME <name> SRCS <files...>
#               [WHITEBOX]            also see the private headers under lib/
#               [LIBS <targets...>]   extra link libraries
#               [GENERIC_KERNEL]      also run the whole program as <name>_generic_kernel
#                                     with JOBMATCH_KERNEL=generic (the portable kernel)
#               [CONCURRENCY]         also run the whole program as <name>_threads with the
#                                     CTest label `concurrency` (the ThreadSanitizer stage);
#                                     with SINGLE, the one test itself carries the label
#               [SINGLE]              register one CTest test for the program instead of
#                                     one per GoogleTest case
#               [LABELS <labels...>] [TIMEOUT <seconds>])
# Links GoogleTest (with main), GoogleMock and the test-only library
# jobmatch_testing (tests/testing: instances, oracles).
function(jobmatch_test)
  cmake_parse_arguments(T "WHITEBOX;GENERIC_KERNEL;CONCURRENCY;SINGLE" "NAME;TIMEOUT"
                        "SRCS;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SRCS})
  target_link_libraries(${T_NAME} PRIVATE jobmatch_testing GTest::gtest_main GTest::gmock
    ${T_LIBS} jobmatch_warnings jobmatch_sanitize)
  if(JOBMATCH_SANITIZE OR JOBMATCH_SANITIZE_THREAD)
    # Instrumented GoogleTest bodies (one large function per TEST) compile
    # about 1.6x faster at -O1 than at the build type's -O2; the library and
    # the oracles they call (jobmatch_testing) keep -O2.
    target_compile_options(${T_NAME} PRIVATE -O1)
  endif()
  if(T_WHITEBOX)
    target_include_directories(${T_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/lib)
    if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
      target_compile_definitions(${T_NAME} PRIVATE JOBMATCH_HAVE_AVX2_KERNEL=1)
    endif()
  endif()
  if(T_SINGLE)
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    if(T_CONCURRENCY)
      list(APPEND T_LABELS concurrency)
      add_dependencies(jobmatch_concurrency_tests ${T_NAME})
    endif()
    if(T_LABELS)
      set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}")
    endif()
    if(T_TIMEOUT)
      set_tests_properties(${T_NAME} PROPERTIES TIMEOUT ${T_TIMEOUT})
    endif()
  else()
    set(_props)
    if(T_LABELS)
      list(APPEND _props LABELS "${T_LABELS}")
    endif()
    if(T_TIMEOUT)
      list(APPEND _props TIMEOUT ${T_TIMEOUT})
    endif()
    if(_props)
      gtest_discover_tests(${T_NAME} DISCOVERY_TIMEOUT 60 PROPERTIES ${_props})
    else()
      gtest_discover_tests(${T_NAME} DISCOVERY_TIMEOUT 60)
    endif()
  endif()
  if(T_GENERIC_KERNEL)
    add_test(NAME ${T_NAME}_generic_kernel COMMAND ${T_NAME})
    set_tests_properties(${T_NAME}_generic_kernel PROPERTIES ENVIRONMENT JOBMATCH_KERNEL=generic)
  endif()
  if(T_CONCURRENCY AND NOT T_SINGLE)
    jobmatch_concurrency_test(${T_NAME}_threads ${T_NAME})
  endif()
endfunction()

# jobmatch_concurrency_test(<test name> <target>): runs <target> as one CTest
# test labelled `concurrency`, which the ThreadSanitizer stage of
# scripts/test.sh runs (it builds only the target jobmatch_concurrency_tests,
# so every such target is added to it: a labelled test whose program was not
# built fails the stage rather than passing vacuously). The test is also
# labelled `rerun`: it runs a program whose GoogleTest cases CTest already
# runs one by one, so the Release and ASan stages leave it out (-LE rerun).
function(jobmatch_concurrency_test test_name target)
  add_test(NAME ${test_name} COMMAND ${target})
  set_tests_properties(${test_name} PROPERTIES LABELS "concurrency;rerun" TIMEOUT 600)
  add_dependencies(jobmatch_concurrency_tests ${target})
endfunction()

# jobmatch_benchmark(NAME <name> SRCS <files...> [LIBS <targets...>] [GBENCH] [WHITEBOX])
# A benchmark program; GBENCH links Google Benchmark.
function(jobmatch_benchmark)
  cmake_parse_arguments(B "GBENCH;WHITEBOX" "NAME" "SRCS;LIBS" ${ARGN})
  add_executable(${B_NAME} ${B_SRCS})
  target_link_libraries(${B_NAME} PRIVATE jobmatch::jobmatch ${B_LIBS} jobmatch_warnings)
  target_include_directories(${B_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/bench)
  if(B_GBENCH)
    target_link_libraries(${B_NAME} PRIVATE benchmark::benchmark)
  endif()
  if(B_WHITEBOX)
    target_include_directories(${B_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/lib)
  endif()
endfunction()
