# Finds jobmatch's dependencies (Debian 12 packages; see docs/dependencies.md)
# and defines jobmatch_warnings, an interface target with the warning flags.
find_package(Threads REQUIRED)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(absl REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)

# libcsv ships no CMake or pkg-config file: find header and library.
find_path(LIBCSV_INCLUDE_DIR csv.h REQUIRED)
find_library(LIBCSV_LIBRARY NAMES csv REQUIRED)
if(NOT TARGET jobmatch_libcsv)
  add_library(jobmatch_libcsv UNKNOWN IMPORTED)
  set_target_properties(jobmatch_libcsv PROPERTIES
    IMPORTED_LOCATION "${LIBCSV_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LIBCSV_INCLUDE_DIR}")
endif()

# Snapshots: Boost.Serialization (linked PRIVATE, never in public headers)
# and xxHash's header (XXH3-64 compiled in with XXH_INLINE_ALL; no library).
find_package(Boost 1.74 REQUIRED COMPONENTS serialization)
find_path(XXHASH_INCLUDE_DIR xxhash.h REQUIRED)

# Record ids must be in Unicode normalisation form NFC: ICU's normaliser
# (libicu-dev; linked PRIVATE, never in public headers).
find_package(ICU 63 REQUIRED COMPONENTS uc)

add_library(jobmatch_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(jobmatch_warnings INTERFACE -Wall -Wextra -Wpedantic
    -Wno-unused-parameter -Wno-missing-field-initializers)
  if(JOBMATCH_WERROR)
    target_compile_options(jobmatch_warnings INTERFACE -Werror)
  endif()
endif()

add_library(jobmatch_sanitize INTERFACE)
if(JOBMATCH_SANITIZE OR JOBMATCH_SANITIZE_THREAD OR JOBMATCH_BUILD_FUZZERS)
  # Line tables only (-g1, after the build type's -g): reports keep file:line
  # while objects are 4x smaller and instrumented code compiles about 20 %
  # faster (CI builds three sanitizer configurations on two cores).
  target_compile_options(jobmatch_sanitize INTERFACE -g1)
endif()
if(JOBMATCH_SANITIZE)
  # Any report fails the test: nothing recovers and carries on.
  target_compile_options(jobmatch_sanitize INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(jobmatch_sanitize INTERFACE -fsanitize=address,undefined)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC's manual warns that the sanitizers make -Wmaybe-uninitialized report
    # false positives (seen in libstdc++'s <regex> under -O2); the release stage
    # keeps the warning as an error.
    target_compile_options(jobmatch_sanitize INTERFACE -Wno-maybe-uninitialized)
  endif()
endif()
if(JOBMATCH_SANITIZE_THREAD)
  if(JOBMATCH_SANITIZE OR JOBMATCH_BUILD_FUZZERS)
    message(FATAL_ERROR "JOBMATCH_SANITIZE_THREAD cannot be combined with ASan "
                        "(JOBMATCH_SANITIZE, JOBMATCH_BUILD_FUZZERS): use another build directory")
  endif()
  target_compile_options(jobmatch_sanitize INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(jobmatch_sanitize INTERFACE -fsanitize=thread)
endif()
if(JOBMATCH_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "JOBMATCH_BUILD_FUZZERS needs clang (libFuzzer): configure with "
                        "-DCMAKE_CXX_COMPILER=clang++ (scripts/fuzz.sh does)")
  endif()
  # The library gets coverage instrumentation and the sanitizers; the fuzz
  # targets add the libFuzzer main (tests/fuzz/CMakeLists.txt).
  # The compute kernels, which no target fuzzes, are left out of the
  # coverage instrumentation (tests/fuzz/coverage_ignorelist.txt).
  target_compile_options(jobmatch_sanitize INTERFACE -fsanitize=fuzzer-no-link,address,undefined
    -fno-sanitize-recover=all -fno-omit-frame-pointer
    -fsanitize-coverage-ignorelist=${PROJECT_SOURCE_DIR}/tests/fuzz/coverage_ignorelist.txt)
  target_link_options(jobmatch_sanitize INTERFACE -fsanitize=address,undefined)
endif()
