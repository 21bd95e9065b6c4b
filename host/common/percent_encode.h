// RFC 3986 percent-encoding: every byte but the unreserved characters (A-Z a-z 0-9 - . _ ~)
// becomes %XX with upper-case hex, as libcurl and most clients write query strings and form
// bodies. Used to build OAuth form bodies and to redact secrets in their encoded form.
#ifndef TEMPO_HOST_COMMON_PERCENT_ENCODE_H_
#define TEMPO_HOST_COMMON_PERCENT_ENCODE_H_

#include <string>
#include <string_view>

namespace tempo {

// Appends the encoding of `value` to `out`.
inline void AppendPercentEncoded(std::string& out, std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : value) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
}

inline std::string PercentEncode(std::string_view value) {
  std::string out;
  AppendPercentEncoded(out, value);
  return out;
}

}  // namespace tempo

#endif  // TEMPO_HOST_COMMON_PERCENT_ENCODE_H_
