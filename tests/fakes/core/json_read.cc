// JSON reading helpers.
#include "fakes/core/json_read.h"

namespace tempo::fakes {

std::string_view TrimBlanks(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

Result<std::string> JsonScalarText(simdjson::ondemand::value value) {
  simdjson::ondemand::json_type type;
  if (value.type().get(type)) return Status::InvalidArgument("invalid JSON value");
  switch (type) {
    case simdjson::ondemand::json_type::string: {
      std::string_view s;
      if (value.get_string().get(s)) return Status::InvalidArgument("invalid JSON string");
      return std::string(s);
    }
    case simdjson::ondemand::json_type::object:
    case simdjson::ondemand::json_type::array:
      return Status::InvalidArgument("expected a string, number or boolean");
    default:
      return std::string(TrimBlanks(value.raw_json_token()));
  }
}

}  // namespace tempo::fakes
