// ${env:} / ${file:} expansion.
#include "config/substitution.h"

#include <algorithm>
#include <cstdlib>

#include "config/local_files.h"

namespace tempo::config {
namespace {

bool IsEnvName(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

Result<std::string> EnvValue(std::string_view name) {
  if (!IsEnvName(name)) {
    return Status::InvalidArgument(
        "${env:...} needs a variable name of letters, digits and '_', e.g. ${env:API_TOKEN}");
  }
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr) {
    return Status::InvalidArgument("environment variable " + std::string(name) +
                                   " is not set; export it, or use ${file:PATH} instead");
  }
  return std::string(value);
}

Result<std::string> FileValue(std::string_view path, const std::string& folder) {
  if (path.empty()) {
    return Status::InvalidArgument("${file:} needs a path, e.g. ${file:secrets/token}");
  }
  const std::string resolved = ResolveAgainst(folder, path);
  Result<std::string> content = ReadTextFile(resolved);
  if (!content.ok()) {
    return Status::InvalidArgument("cannot read ${file:" + std::string(path) + "} (" + resolved +
                                   "): " + content.status().message());
  }
  std::string value = std::move(content).value();
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  return value;
}

// The value of the reference between "${" and "}". The text is not echoed in errors: a literal
// "${" inside an inline password would otherwise leak part of it.
Result<std::string> ReferenceValue(std::string_view reference, const std::string& folder) {
  if (reference.starts_with("env:")) return EnvValue(reference.substr(4));
  if (reference.starts_with("file:")) return FileValue(reference.substr(5), folder);
  return Status::InvalidArgument(
      "unknown reference '${...}'; use ${env:NAME} or ${file:PATH}, or write '$${' for a "
      "literal '${'");
}

}  // namespace

Result<std::string> ExpandReferences(std::string_view text, const std::string& folder,
                                     std::vector<std::string>& secrets) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      out += text[i++];
      continue;
    }
    const size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      return Status::InvalidArgument(
          "unterminated '${'; close the reference with '}', or write '$${' for a literal '${'");
    }
    Result<std::string> value = ReferenceValue(text.substr(i + 2, close - i - 2), folder);
    if (!value.ok()) return value.status();
    if (!value->empty() && std::find(secrets.begin(), secrets.end(), *value) == secrets.end()) {
      secrets.push_back(*value);
    }
    out += *value;
    i = close + 1;
  }
  return out;
}

bool ContainsReference(std::string_view text) {
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (text.compare(i, 3, "$${") == 0) {
      i += 2;
    } else if (text.compare(i, 2, "${") == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace tempo::config
