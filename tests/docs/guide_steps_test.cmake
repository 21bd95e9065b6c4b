# Runs the plugin guide's shell steps, so the guide cannot rot: every ```sh block of
# docs/plugin-guide.md whose first line starts with `# docs-test` is run, in the guide's order,
# as one `sh -e` script in an empty folder, with a fresh `cmake --install` of the build on PATH
# and its prefix in $TEMPO_PREFIX (the scaffold, its out-of-tree build with -Werror, its unit
# test, tempo test-plugin on it, the manifest skeleton inspected, the scorer scaffold). Run by
# ctest as
#
#   cmake -DTEMPO_BUILD_DIR=... -DGUIDE=... -DWORK_DIR=... -DCXX_COMPILER=... -P guide_steps_test.cmake
cmake_minimum_required(VERSION 3.22)

foreach(var TEMPO_BUILD_DIR GUIDE WORK_DIR CXX_COMPILER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "guide_steps_test.cmake: -D${var}=... is required")
  endif()
endforeach()

set(prefix "${WORK_DIR}/prefix")
set(steps_dir "${WORK_DIR}/steps")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${steps_dir}")

execute_process(COMMAND "${CMAKE_COMMAND}" --install "${TEMPO_BUILD_DIR}" --prefix "${prefix}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (exit ${rc}):\n${out}")
endif()

file(READ "${GUIDE}" text)
string(REPLACE ";" "<semicolon>" text "${text}")
string(REGEX MATCHALL "```sh\n# docs-test[^`]*```" blocks "${text}")
list(LENGTH blocks count)
if(count LESS 3)
  message(FATAL_ERROR "docs/plugin-guide.md has ${count} ```sh blocks marked # docs-test; the "
                      "scaffold, manifest and scorer steps must be three of them")
endif()
set(script "set -ex\n")
foreach(block ${blocks})
  string(REGEX REPLACE "^```sh\n" "" block "${block}")
  string(REGEX REPLACE "```$" "" block "${block}")
  string(REPLACE "<semicolon>" ";" block "${block}")
  string(APPEND script "${block}")
endforeach()
file(WRITE "${WORK_DIR}/guide_steps.sh" "${script}")

# The compiler of this build, Ninja when there is one, and ccache with the work folder as its
# base, so a second run of the test compiles nothing.
set(env "PATH=${prefix}/bin:$ENV{PATH}" "TEMPO_PREFIX=${prefix}" "CXX=${CXX_COMPILER}"
        "CCACHE_BASEDIR=${WORK_DIR}")
find_program(NINJA ninja)
if(NINJA)
  list(APPEND env "CMAKE_GENERATOR=Ninja")
endif()
find_program(CCACHE ccache)
if(CCACHE)
  list(APPEND env "CMAKE_CXX_COMPILER_LAUNCHER=${CCACHE}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" -E env ${env} sh -e "${WORK_DIR}/guide_steps.sh"
  WORKING_DIRECTORY "${steps_dir}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the plugin guide's steps failed (exit ${rc}):\n${out}")
endif()
foreach(expected "wrote acme/ (a connector plugin)" "100% tests passed"
                 "10 passed, 0 failed, 2 skipped" "manifest:    acme_prm.yaml"
                 "4 passed, 0 failed, 0 skipped")
  string(FIND "${out}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the plugin guide's steps did not print '${expected}':\n${out}")
  endif()
endforeach()
message(STATUS "${out}")
