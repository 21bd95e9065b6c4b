#include "common/domain.h"

namespace tempo {

std::string NormalizeDomain(std::string_view value) {
  std::string_view v = value;
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  if (size_t scheme = v.find("://"); scheme != std::string_view::npos) v.remove_prefix(scheme + 3);
  if (size_t at = v.find('@'); at != std::string_view::npos && v.find('/') > at) {
    v.remove_prefix(at + 1);  // an email address or user@host
  }
  size_t end = v.find_first_of("/?#:");
  if (end != std::string_view::npos) v = v.substr(0, end);
  std::string out(v);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (out.rfind("www.", 0) == 0) out.erase(0, 4);
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

}  // namespace tempo
