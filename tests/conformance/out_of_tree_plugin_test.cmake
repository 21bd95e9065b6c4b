# Builds tests/conformance/out_of_tree_plugin against the *installed* Tempo SDK, the way a third
# party would, and loads the result with the host. Run by ctest as
#
#   cmake -DTEMPO_BUILD_DIR=... -DPLUGIN_SOURCE_DIR=... -DWORK_DIR=... -DLOAD_CHECK=...
#         -DGENERATOR=... -DCXX_COMPILER=... -DNM=... -P out_of_tree_plugin_test.cmake
#
# Steps: install only the `sdk` component of TEMPO_BUILD_DIR into WORK_DIR/prefix; configure and
# build the plugin with CMAKE_PREFIX_PATH=WORK_DIR/prefix (and nothing else to find the SDK by);
# check that tempo_hello.so exports exactly tempo_plugin_entry_v1; run the installed
# plugin_load_check on it (LOAD_CHECK, the build tree's, is kept for older callers).
cmake_minimum_required(VERSION 3.22)

foreach(var TEMPO_BUILD_DIR PLUGIN_SOURCE_DIR WORK_DIR LOAD_CHECK GENERATOR CXX_COMPILER NM)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "out_of_tree_plugin_test.cmake: -D${var}=... is required")
  endif()
endforeach()

set(prefix "${WORK_DIR}/prefix")
set(build "${WORK_DIR}/build")

# Runs a command; on failure stops the test with the step name and the command's output.
function(run step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${step} failed (exit ${rc}):\n${out}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")

# 1. The SDK alone: headers and lib/cmake/TempoSDK, nothing of the host.
run("installing the SDK" "${CMAKE_COMMAND}" --install "${TEMPO_BUILD_DIR}" --component sdk
    --prefix "${prefix}")
foreach(f include/tempo/plugin.h include/tempo/plugin.hpp include/tempo/config.hpp
        include/tempo/catalog.hpp include/tempo/testing/fake_host.hpp bin/plugin_load_check
        lib/cmake/TempoSDK/TempoSDKConfig.cmake lib/cmake/TempoSDK/TempoSDKTargets.cmake
        lib/cmake/TempoSDK/TempoPlugin.cmake)
  if(NOT EXISTS "${prefix}/${f}")
    message(FATAL_ERROR "the sdk install component lacks ${f}")
  endif()
endforeach()
file(GLOB_RECURSE installed RELATIVE "${prefix}" "${prefix}/*")
foreach(f ${installed})
  if(NOT f MATCHES "^(include/tempo/|lib/cmake/TempoSDK/|bin/plugin_load_check$)")
    message(FATAL_ERROR "the sdk install component installs ${f}, which is not part of the SDK")
  endif()
endforeach()

# 2. Configure and build the plugin out of tree, with warnings as errors: the SDK headers must
#    compile cleanly in a plugin author's strict build.
run("configuring the out-of-tree plugin" "${CMAKE_COMMAND}" -S "${PLUGIN_SOURCE_DIR}" -B "${build}"
    -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" -DCMAKE_BUILD_TYPE=Release
    "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Werror" "-DCMAKE_PREFIX_PATH=${prefix}"
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)
file(STRINGS "${build}/CMakeCache.txt" sdk_dir REGEX "^TempoSDK_DIR:")
if(NOT sdk_dir STREQUAL "TempoSDK_DIR:PATH=${prefix}/lib/cmake/TempoSDK")
  message(FATAL_ERROR "find_package(TempoSDK) did not use the installed SDK: ${sdk_dir}")
endif()
run("building the out-of-tree plugin" "${CMAKE_COMMAND}" --build "${build}")

set(plugin "${build}/tempo_hello.so")
if(NOT EXISTS "${plugin}")
  message(FATAL_ERROR "tempo_add_plugin(hello) did not produce ${plugin}")
endif()

# 3. Exactly one exported symbol: the entry point.
run("listing the plugin's exported symbols" "${NM}" -D --defined-only "${plugin}")
string(REGEX MATCHALL "[^\n]+" lines "${run_output}")
set(exported "")
foreach(line ${lines})
  string(REGEX REPLACE "^.* " "" symbol "${line}")
  list(APPEND exported "${symbol}")
endforeach()
if(NOT exported STREQUAL "tempo_plugin_entry_v1")
  message(FATAL_ERROR "${plugin} must export only tempo_plugin_entry_v1; it exports: ${exported}")
endif()

# 4. The installed conformance loader loads it and drives it once, with a config file; a config
#    its key table refuses fails the check.
file(WRITE "${WORK_DIR}/hello.json" "{\"greeting\": \"Hi\"}")
run("loading the plugin with the installed plugin_load_check" "${prefix}/bin/plugin_load_check"
    "${plugin}" hello 0.1.0 --config "${WORK_DIR}/hello.json" --stream greetings)
message(STATUS "${run_output}")
file(WRITE "${WORK_DIR}/bad.json" "{\"greeting\": 42}")
execute_process(COMMAND "${prefix}/bin/plugin_load_check" "${plugin}" hello 0.1.0 --config
                "${WORK_DIR}/bad.json" RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
if(rc EQUAL 0 OR NOT err MATCHES "config key 'greeting' must be a string")
  message(FATAL_ERROR "a bad config passed plugin_load_check (exit ${rc}): ${err}")
endif()
