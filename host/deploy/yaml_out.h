// YamlOut: YAML documents written through yaml-cpp's emitter, with every string quoted when
// YAML (1.1, as Kubernetes' parser reads it, or 1.2) could read it back as anything but that
// string: `true`, `no`, `3600`, `~`, `*/15 * * * *` and `-c` come out double-quoted, `tempo`
// and `/var/lib/tempo` plain. Values never reach the text any other way.
#ifndef TEMPO_HOST_DEPLOY_YAML_OUT_H_
#define TEMPO_HOST_DEPLOY_YAML_OUT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace tempo::deploy {

// Whether `text` reads back as the same string when written plain.
bool PlainIsSafe(std::string_view text);

class YamlOut {
 public:
  YamlOut();

  // Mapping and list structure; Key(k) starts an entry whose value follows.
  YamlOut& Map();
  YamlOut& List();
  YamlOut& FlowList();
  YamlOut& End();  // of the innermost Map or List
  YamlOut& Key(std::string_view key);

  YamlOut& Str(std::string_view value);
  YamlOut& Int(int64_t value);
  YamlOut& Bool(bool value);
  // A text of several lines, as a literal block when that reads back exactly, else quoted.
  YamlOut& Text(std::string_view value);
  // Key(key).Str(value).
  YamlOut& Pair(std::string_view key, std::string_view value) { return Key(key).Str(value); }

  // The document so far, ending in a newline. good() is false after a structural mistake
  // (a value without a key, an End() too many): a bug of the caller.
  std::string text() const;
  bool good() const { return out_.good() && !unbalanced_ && open_maps_.empty(); }

 private:
  YAML::Emitter out_;
  std::vector<bool> open_maps_;  // the open groups, innermost last: true for a mapping
  bool unbalanced_ = false;
};

}  // namespace tempo::deploy

#endif  // TEMPO_HOST_DEPLOY_YAML_OUT_H_
