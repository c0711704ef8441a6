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

add_library(jobmatch_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(jobmatch_warnings INTERFACE -Wall -Wextra -Wpedantic
    -Wno-unused-parameter -Wno-missing-field-initializers)
endif()

add_library(jobmatch_sanitize INTERFACE)
if(JOBMATCH_SANITIZE)
  target_compile_options(jobmatch_sanitize INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(jobmatch_sanitize INTERFACE -fsanitize=address,undefined)
endif()
