// A manifest string that may name the connection's config keys: "{{ config.public_key }}",
// "Token token={{ config.api_token }}". Everything else is literal. Used for auth values,
// request parameters, headers, the page size and base_url. Pure functions
// (tests/unit/rest/template_test.cc).
#ifndef TEMPO_PLUGINS_CONNECTORS_REST_TEMPLATE_H_
#define TEMPO_PLUGINS_CONNECTORS_REST_TEMPLATE_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tempo::rest {

class Template {
 public:
  Template() = default;

  // Parses `text`. On failure returns nullopt and sets *why (an unclosed "{{", or a reference
  // other than config.NAME).
  static std::optional<Template> Parse(std::string_view text, std::string* why);

  const std::string& text() const { return text_; }
  bool empty() const { return text_.empty(); }
  // The config keys it names, in order (repeats included).
  std::vector<std::string> Keys() const;

  // The text with each reference replaced by the key's value in `values` (the keys that are
  // set); nullopt when a key it names is not set (the caller leaves the value out).
  std::optional<std::string> Expand(const std::map<std::string, std::string>& values) const;

 private:
  struct Part {
    bool key = false;  // a config key, else literal text
    std::string text;
  };
  std::string text_;
  std::vector<Part> parts_;
};

}  // namespace tempo::rest

#endif  // TEMPO_PLUGINS_CONNECTORS_REST_TEMPLATE_H_
