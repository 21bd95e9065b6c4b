# find_package(TempoSDK) for out-of-tree plugins: gives TempoSDK::sdk and tempo_add_plugin().
include("${CMAKE_CURRENT_LIST_DIR}/TempoSDKTargets.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/TempoPlugin.cmake")
