// The YAML side of the manifest loader: every problem recorded with the manifest file, line
// and column (yaml-cpp marks) and the key path, all reported at once; and a mapping reader
// that refuses unknown keys (with a did-you-mean: a typo is never silently ignored) and
// duplicate keys, and reads typed values. Used by manifest_loader.cc and its parts.
#ifndef TEMPO_PLUGINS_CONNECTORS_REST_MANIFEST_YAML_H_
#define TEMPO_PLUGINS_CONNECTORS_REST_MANIFEST_YAML_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "json_path.h"
#include "template.h"

namespace tempo::rest {

// The problems of one manifest, each "file:line:column: key.path: what; the fix".
class ManifestErrors {
 public:
  explicit ManifestErrors(std::string file) : file_(std::move(file)) {}

  void Add(const YAML::Mark& mark, std::string_view path, std::string_view message);
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  const std::string& file() const { return file_; }
  // Every problem, sorted by position, one per line.
  std::string Text() const;

 private:
  struct Entry {
    int line, column;
    std::string text;
  };
  std::string file_;
  std::vector<Entry> entries_;
};

// "a mapping", "a list", "a single value", "an empty value": what was found instead.
std::string_view YamlKind(const YAML::Node& node);

// One YAML mapping at `path`, read key by key. Construction records an error for a node that
// is not a mapping, for each key not in `keys` (with the closest one as a suggestion) and for
// each key given twice; the typed readers record an error for a value of the wrong type and
// return false (a key that is absent and not required reads as false without an error).
class YamlMap {
 public:
  // `what` names the keys in messages ("unknown column of partner; did you mean 'name'?").
  YamlMap(const YAML::Node& node, std::string path, ManifestErrors* errors,
          std::vector<std::string_view> keys, std::string_view what = "key");

  bool valid() const { return valid_; }
  const std::string& path() const { return path_; }
  ManifestErrors& errors() const { return *errors_; }
  bool Has(std::string_view key) const { return Find(key) != nullptr; }
  // The value node of `key` (an undefined node when absent).
  YAML::Node Get(std::string_view key) const;
  // Where `key`'s value is (its key when the value is empty), else where the mapping is.
  YAML::Mark MarkOf(std::string_view key) const;
  std::string PathOf(std::string_view key) const { return path_ + "." + std::string(key); }
  // The keys present, in file order.
  std::vector<std::string> Keys() const;

  // Records `message` against `key` (its value's position and path).
  void Error(std::string_view key, std::string_view message) const;
  // Records "missing required key 'KEY'" against the mapping unless `key` is present.
  bool Require(std::string_view key) const;

  bool String(std::string_view key, std::string* out, bool required = false) const;
  bool Integer(std::string_view key, int64_t* out, bool required = false) const;
  bool Number(std::string_view key, double* out, bool required = false) const;
  bool Boolean(std::string_view key, bool* out, bool required = false) const;
  // A string that must be one of `values`.
  bool OneOf(std::string_view key, const std::vector<std::string_view>& values, std::string* out,
             bool required = false) const;
  bool Path(std::string_view key, JsonPath* out, bool required = false) const;
  bool Text(std::string_view key, Template* out, bool required = false) const;
  // A mapping of names to scalars (params, headers), in file order, values as templates.
  bool Templates(std::string_view key, std::vector<std::pair<std::string, Template>>* out) const;

 private:
  struct Entry {
    std::string key;
    YAML::Mark key_mark;
    YAML::Node value;
  };
  const Entry* Find(std::string_view key) const;
  // The scalar text of `key`'s value; nullopt (and an error) when it is not a single value.
  std::optional<std::string> Scalar(std::string_view key, const char* expected) const;

  std::string path_;
  ManifestErrors* errors_;
  YAML::Mark mark_;
  bool valid_ = false;
  std::vector<Entry> entries_;
};

}  // namespace tempo::rest

#endif  // TEMPO_PLUGINS_CONNECTORS_REST_MANIFEST_YAML_H_
