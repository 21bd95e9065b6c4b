// Writing a plugin project from the embedded templates. See scaffold.h.
#include "conformance/scaffold.h"

#include <sys/stat.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>

namespace tempo::conformance {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPlaceholder = "myplugin";
constexpr std::string_view kUpperPlaceholder = "MYPLUGIN";  // header guards, env variables

std::string Fill(std::string_view text, const std::string& name) {
  std::string upper = name;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, kPlaceholder.size(), kPlaceholder) == 0) {
      out += name;
      i += kPlaceholder.size();
    } else if (text.compare(i, kUpperPlaceholder.size(), kUpperPlaceholder) == 0) {
      out += upper;
      i += kUpperPlaceholder.size();
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

Status WriteFile(const fs::path& path, const std::string& text) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Status::Io("cannot write " + path.string());
  return Status::Ok();
}

}  // namespace

Result<std::string> Scaffold(const ScaffoldOptions& o) {
  if (!std::regex_match(o.name, std::regex("[a-z][a-z0-9_]{0,39}"))) {
    return Status::InvalidArgument("plugin name '" + o.name +
                                   "' must be a lower-case letter, then letters, digits or '_' "
                                   "(at most 40): it names the file tempo_NAME.so and a C++ "
                                   "namespace");
  }
  const std::string kind = o.manifest ? "manifest" : o.kind;
  const std::string leaf = o.manifest ? o.name + ".yaml" : o.name;
  const fs::path root = o.dir.empty() || o.dir == "." ? fs::path(leaf) : fs::path(o.dir) / leaf;
  std::error_code ec;
  if (fs::exists(root, ec)) {
    return Status::InvalidArgument(root.string() +
                                   " exists already; pick another --dir or name (nothing was "
                                   "written)");
  }
  std::vector<std::string> written;
  for (const TemplateFile& t : TemplateFiles()) {
    const std::string prefix = kind + "/";
    if (t.path.substr(0, prefix.size()) != prefix) continue;
    const std::string relative = Fill(t.path.substr(prefix.size()), o.name);
    const fs::path target = o.manifest ? root : root / relative;
    if (Status s = WriteFile(target, Fill(t.text, o.name)); !s.ok()) return s;
    written.push_back(o.manifest ? target.string() : relative);
  }
  if (written.empty()) return Status::Internal("no template for a " + kind);
  if (o.manifest) {
    return "wrote " + root.string() +
           ", a manifest for the rest connector\nnext:\n  tempo plugins inspect rest --manifest " +
           root.string() + "\n";
  }
  std::string out = "wrote " + root.string() + "/ (a " + o.kind + " plugin):";
  for (const std::string& f : written) out += " " + f;
  const std::string dir = root.string();
  out += "\nnext:\n  cmake -S " + dir + " -B " + dir +
         "/build -DCMAKE_PREFIX_PATH=<the tempo install prefix>\n  cmake --build " + dir +
         "/build && ctest --test-dir " + dir + "/build\n  tempo test-plugin " + dir +
         "/build/tempo_" + o.name + ".so --config " + dir + "/kit.yaml\n";
  return out;
}

}  // namespace tempo::conformance
