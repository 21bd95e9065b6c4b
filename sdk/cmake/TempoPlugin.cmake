# tempo_add_plugin(NAME SOURCES... [LIBRARIES libs...])
#
# Builds a Tempo plugin as a shared module named tempo_<NAME>.so with the flags every plugin must
# have: hidden visibility, only the entry symbol exported, every symbol resolved at link time
# (-z defs). In-tree, the module goes to TEMPO_PLUGIN_OUTPUT_DIR (the host's default plugin
# path); `cmake --install` puts it under lib/tempo/plugins.
include_guard(GLOBAL)

set(_tempo_plugin_dir "${CMAKE_CURRENT_LIST_DIR}")

function(tempo_add_plugin name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  set(sources ${ARG_SOURCES} ${ARG_UNPARSED_ARGUMENTS})
  set(target tempo_plugin_${name})
  add_library(${target} MODULE ${sources})
  if(TARGET TempoSDK::sdk)
    target_link_libraries(${target} PRIVATE TempoSDK::sdk)
  else()
    target_link_libraries(${target} PRIVATE tempo_sdk)
  endif()
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
  if(DEFINED TEMPO_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${TEMPO_PLUGIN_OUTPUT_DIR}")
  endif()
  install(TARGETS ${target} LIBRARY DESTINATION lib/tempo/plugins
    PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endfunction()
