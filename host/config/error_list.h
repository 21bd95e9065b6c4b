// ErrorList: the positioned problems found in tempo.yaml, reported all at once.
//
// The config stage does not stop at the first problem: `tempo config check` shows every one, each
// as "file:line:column: key.path: what is wrong", sorted by position. yaml-cpp marks are 0-based;
// they are printed 1-based. Messages must never contain a configured value (it may be a secret).
#ifndef TEMPO_HOST_CONFIG_ERROR_LIST_H_
#define TEMPO_HOST_CONFIG_ERROR_LIST_H_

#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "common/status.h"

namespace tempo::config {

// "file:line:column" (1-based), or just "file" when the mark is unknown.
std::string FormatLocation(const std::string& file, const YAML::Mark& mark);

// "a mapping", "a list", "a single value" or "an empty value", for "found ..." in messages.
std::string_view DescribeKind(const YAML::Node& node);

// Nesting deeper than this is reported, not followed (a backstop against runaway recursion).
constexpr int kMaxDepth = 64;

class ErrorList {
 public:
  explicit ErrorList(std::string file) : file_(std::move(file)) {}

  // Records "file:line:column: key_path: message" (no "key_path: " when key_path is empty).
  void Add(const YAML::Mark& mark, std::string_view key_path, std::string_view message);

  bool empty() const { return entries_.empty(); }

  // InvalidArgument with every error, sorted by position, joined by "\n". Requires !empty().
  Status ToStatus() const;

 private:
  struct Entry {
    int line;
    int column;
    std::string text;
  };
  std::string file_;
  std::vector<Entry> entries_;
};

}  // namespace tempo::config

#endif  // TEMPO_HOST_CONFIG_ERROR_LIST_H_
