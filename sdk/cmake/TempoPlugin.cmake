# tempo_add_plugin(NAME SOURCES... [LIBRARIES libs...] [NO_INSTALL])
#
# Builds a Tempo plugin as a shared module named tempo_<NAME>.so (target tempo_plugin_<NAME>)
# with the flags every plugin must have: hidden visibility, only the entry symbol exported, every
# symbol resolved at link time (-z defs). In-tree, the module goes to TEMPO_PLUGIN_OUTPUT_DIR (the
# host's default plugin path); `cmake --install` puts it under lib/tempo/plugins, unless
# NO_INSTALL is given (test fixtures, which must never reach an installed plugin folder).
include_guard(GLOBAL)

set(_tempo_plugin_dir "${CMAKE_CURRENT_LIST_DIR}")

function(tempo_add_plugin name)
  cmake_parse_arguments(ARG "NO_INSTALL" "" "SOURCES;LIBRARIES" ${ARGN})
  set(sources ${ARG_SOURCES} ${ARG_UNPARSED_ARGUMENTS})
  set(target tempo_plugin_${name})
  if(NOT TARGET TempoSDK::sdk)
    message(FATAL_ERROR "tempo_add_plugin(${name}): target TempoSDK::sdk is not defined; "
                        "call find_package(TempoSDK REQUIRED) first")
  endif()
  add_library(${target} MODULE ${sources})
  target_link_libraries(${target} PRIVATE TempoSDK::sdk)
  if(ARG_LIBRARIES)
    target_link_libraries(${target} PRIVATE ${ARG_LIBRARIES})
  endif()
  set(version_script "${CMAKE_CURRENT_BINARY_DIR}/${target}.map")
  file(WRITE "${version_script}" "{ global: tempo_plugin_entry_v1; local: *; };\n")
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "tempo_${name}"
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_compile_features(${target} PRIVATE cxx_std_17)
  target_link_options(${target} PRIVATE
    "LINKER:-z,defs" "LINKER:--version-script=${version_script}")
  # The host refuses plugin files that group or others can write; a umask of 002 must not
  # make every freshly built plugin unloadable.
  add_custom_command(TARGET ${target} POST_BUILD COMMAND chmod go-w $<TARGET_FILE:${target}>
    VERBATIM)
  if(DEFINED TEMPO_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${TEMPO_PLUGIN_OUTPUT_DIR}")
  endif()
  if(NOT ARG_NO_INSTALL)
    # The shipped plugins, for a target that builds only what runs (the demo's).
    set_property(GLOBAL APPEND PROPERTY TEMPO_PLUGIN_TARGETS ${target})
    install(TARGETS ${target} LIBRARY DESTINATION lib/tempo/plugins
      PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  endif()
endfunction()
