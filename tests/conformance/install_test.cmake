# `cmake --install` of the whole build: the `tempo` binary, the shipped plugins, the SDK and the
# docs the `--help` footer names; never a test plugin. Run by ctest as
#
#   cmake -DTEMPO_BUILD_DIR=... -DWORK_DIR=... -DSOURCE_DIR=... -P install_test.cmake
cmake_minimum_required(VERSION 3.22)

foreach(var TEMPO_BUILD_DIR WORK_DIR SOURCE_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "install_test.cmake: -D${var}=... is required")
  endif()
endforeach()

set(prefix "${WORK_DIR}/prefix")
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${TEMPO_BUILD_DIR}" --prefix "${prefix}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (exit ${rc}):\n${out}")
endif()

foreach(f bin/tempo include/tempo/plugin.h lib/cmake/TempoSDK/TempoSDKConfig.cmake
        share/doc/tempo/README.md share/doc/tempo/admin-guide.md
        share/doc/tempo/configuration.md share/doc/tempo/store-schema.md
        share/doc/tempo/scoring.md share/doc/tempo/plugin-guide.md)
  if(NOT EXISTS "${prefix}/${f}")
    message(FATAL_ERROR "cmake --install does not install ${f}")
  endif()
endforeach()

# The plugins installed are exactly the shipped ones: one per folder of plugins/connectors and
# plugins/scorers.
file(GLOB shipped_dirs LIST_DIRECTORIES true "${SOURCE_DIR}/plugins/connectors/*"
     "${SOURCE_DIR}/plugins/scorers/*")
set(expected "")
foreach(dir ${shipped_dirs})
  if(EXISTS "${dir}/CMakeLists.txt")
    get_filename_component(name "${dir}" NAME)
    list(APPEND expected "tempo_${name}.so")
  endif()
endforeach()
file(GLOB installed RELATIVE "${prefix}/lib/tempo/plugins" "${prefix}/lib/tempo/plugins/*")
list(SORT expected)
list(SORT installed)
if(NOT installed STREQUAL expected)
  message(FATAL_ERROR "cmake --install put these plugins in lib/tempo/plugins: ${installed}\n"
                      "expected exactly the shipped ones: ${expected}")
endif()
