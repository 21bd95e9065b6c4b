// `tempo plugin new`: writes an out-of-tree plugin project from the templates embedded in the
// binary (host/conformance/templates/, compiled into a generated source by
// host/conformance/CMakeLists.txt).
//
//   connector  CMakeLists.txt (find_package(TempoSDK), tempo_add_plugin, a test), src/ (the
//              connector: one stream over a small built-in dataset, paged, checkpointed,
//              incremental), test/ (a unit test on the kit's FakeHost), kit.yaml (its config
//              for tempo test-plugin), README.md
//   scorer     the same for a scorer with one metric
//   manifest   one file, <name>.yaml: a manifest skeleton for the rest connector
//
// Every "myplugin" in a template's path and text becomes the plugin's name ("MYPLUGIN" its
// upper case). The generated
// project builds against an installed SDK with -Werror, its test passes, and tempo test-plugin
// passes on it as written (tests/docs/ checks all three through the plugin guide's steps).
#ifndef TEMPO_HOST_CONFORMANCE_SCAFFOLD_H_
#define TEMPO_HOST_CONFORMANCE_SCAFFOLD_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace tempo::conformance {

struct ScaffoldOptions {
  std::string name;
  std::string kind = "connector";  // connector or scorer
  std::string dir = ".";           // the project goes to <dir>/<name> (a manifest: <name>.yaml)
  bool manifest = false;
};

// One embedded template: its path under host/conformance/templates/ and its text.
struct TemplateFile {
  std::string_view path;
  std::string_view text;
};
const std::vector<TemplateFile>& TemplateFiles();  // generated from the templates

// Writes the project; returns what it wrote and what to run next. Refuses a name that is not
// [a-z][a-z0-9_]* (at most 40 characters) and a target that exists, without writing anything.
Result<std::string> Scaffold(const ScaffoldOptions& options);

}  // namespace tempo::conformance

#endif  // TEMPO_HOST_CONFORMANCE_SCAFFOLD_H_
