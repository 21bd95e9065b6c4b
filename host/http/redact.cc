// Redaction by value (log::Redact) and by shape (URL userinfo, credential parameters, headers,
// JSON members, Bearer/Basic words). A plain scanner, no regular expressions: it runs on every
// log line of every request.
#include "http/redact.h"

#include <array>
#include <cctype>

#include "common/log.h"

namespace tempo::http {
namespace {

constexpr std::string_view kMask = "***";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
         c == '[' || c == ']';
}

// Replaces userinfo in every "scheme://user:pass@host".
void RedactUserinfo(std::string& s) {
  size_t pos = 0;
  while ((pos = s.find("://", pos)) != std::string::npos) {
    size_t start = pos + 3;
    size_t end = start;
    while (end < s.size() && s[end] != '/' && s[end] != '?' && s[end] != '#' &&
           !std::isspace(static_cast<unsigned char>(s[end])) && s[end] != '"' && s[end] != '\'') {
      ++end;
    }
    size_t at = s.rfind('@', end == 0 ? 0 : end - 1);
    if (at != std::string::npos && at >= start && at < end &&
        s.substr(start, at - start) != kMask) {
      s.replace(start, at - start, kMask);
      end = start + kMask.size() + (end - at);
    }
    pos = end;
  }
}

// Replaces the value of every `name=value` whose name IsSecretName (query strings, form
// bodies, "key=value" text).
void RedactParameters(std::string& s) {
  static constexpr std::string_view kKeyStop = "?&;, \t\r\n\"'{([";
  static constexpr std::string_view kValueStop = "& \t\r\n#;,\"')}]";
  size_t pos = 0;
  while ((pos = s.find('=', pos)) != std::string::npos) {
    size_t key_start = pos;
    while (key_start > 0 && kKeyStop.find(s[key_start - 1]) == std::string_view::npos) {
      --key_start;
    }
    std::string_view key(s.data() + key_start, pos - key_start);
    size_t value_start = pos + 1;
    size_t value_end = value_start;
    while (value_end < s.size() && kValueStop.find(s[value_end]) == std::string_view::npos) {
      ++value_end;
    }
    // A value already masked (a URL redacted before it went into a message) stays as it is.
    if (!key.empty() && value_end > value_start && IsSecretName(key) &&
        std::string_view(s.data() + value_start, value_end - value_start).substr(0, 3) != kMask) {
      s.replace(value_start, value_end - value_start, kMask);
      value_end = value_start + kMask.size();
    }
    pos = value_end > pos ? value_end : pos + 1;
  }
}

// Replaces the value of every JSON member `"name": "value"` whose name IsSecretName.
void RedactJsonMembers(std::string& s) {
  size_t pos = 0;
  while ((pos = s.find('"', pos)) != std::string::npos) {
    size_t name_end = s.find('"', pos + 1);
    if (name_end == std::string::npos) return;
    std::string_view name(s.data() + pos + 1, name_end - pos - 1);
    size_t i = name_end + 1;
    while (i < s.size() && s[i] == ' ') ++i;
    if (i >= s.size() || s[i] != ':' || !IsSecretName(name)) {
      pos = name_end + 1;
      continue;
    }
    ++i;
    while (i < s.size() && s[i] == ' ') ++i;
    if (i >= s.size() || s[i] != '"') {
      pos = i;
      continue;
    }
    size_t value_start = i + 1;
    size_t value_end = value_start;
    while (value_end < s.size() && s[value_end] != '"') {
      value_end += s[value_end] == '\\' ? 2 : 1;
    }
    if (value_end > s.size()) value_end = s.size();
    s.replace(value_start, value_end - value_start, kMask);
    pos = value_start + kMask.size() + 1;
  }
}

// Replaces the rest of the line after "Name:" when the name IsSecretHeader and starts a line
// or follows white space.
void RedactHeaderLines(std::string& s) {
  size_t pos = 0;
  while ((pos = s.find(':', pos)) != std::string::npos) {
    size_t name_start = pos;
    while (name_start > 0 && IsNameChar(s[name_start - 1])) --name_start;
    bool starts_word =
        name_start == 0 || std::isspace(static_cast<unsigned char>(s[name_start - 1]));
    std::string_view name(s.data() + name_start, pos - name_start);
    bool is_url = s.compare(pos, 3, "://") == 0;
    if (name.empty() || !starts_word || is_url || !IsSecretHeader(name)) {
      ++pos;
      continue;
    }
    size_t value_start = pos + 1;
    while (value_start < s.size() && s[value_start] == ' ') ++value_start;
    size_t value_end = s.find_first_of("\r\n", value_start);
    if (value_end == std::string::npos) value_end = s.size();
    if (value_end > value_start &&
        std::string_view(s.data() + value_start, value_end - value_start) != kMask) {
      s.replace(value_start, value_end - value_start, kMask);
      value_end = value_start + kMask.size();
    }
    pos = value_end;
  }
}

// Replaces the credential after "Bearer " or "Basic " (any case).
void RedactSchemes(std::string& s) {
  for (std::string_view scheme : {"bearer ", "basic "}) {
    std::string lower = Lower(s);
    size_t pos = 0;
    while ((pos = lower.find(scheme, pos)) != std::string::npos) {
      size_t start = pos + scheme.size();
      size_t end = start;
      while (end < s.size() && !std::isspace(static_cast<unsigned char>(s[end])) && s[end] != '"' &&
             s[end] != '\'' && s[end] != ',' && s[end] != ';') {
        ++end;
      }
      if (end > start && std::string_view(s.data() + start, end - start) != kMask) {
        s.replace(start, end - start, kMask);
        lower.replace(start, end - start, kMask);
      }
      pos = start;
    }
  }
}

}  // namespace

bool IsSecretName(std::string_view name) {
  static constexpr std::array<std::string_view, 16> kExact = {
      "access_token", "refresh_token", "id_token", "token",        "client_secret", "api_key",
      "apikey",       "key",           "password", "passwd",       "secret",        "signature",
      "sig",          "code",          "auth",     "authorization"};
  static constexpr std::array<std::string_view, 8> kContains = {
      "token", "secret", "password", "apikey", "api_key", "api-key", "session", "oauth_"};
  std::string lower = Lower(name);
  for (std::string_view exact : kExact) {
    if (lower == exact) return true;
  }
  for (std::string_view part : kContains) {
    if (Contains(lower, part)) return true;
  }
  return false;
}

bool IsSecretHeader(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kContains = {
      "auth", "cookie", "token", "secret", "key", "password", "session", "signature", "credential"};
  std::string lower = Lower(name);
  for (std::string_view part : kContains) {
    if (Contains(lower, part)) return true;
  }
  return false;
}

std::string Redact(std::string_view text) {
  std::string s = log::Redact(text);
  RedactUserinfo(s);
  RedactSchemes(s);
  RedactHeaderLines(s);
  RedactJsonMembers(s);
  RedactParameters(s);
  return s;
}

std::string RedactHeader(std::string_view name, std::string_view value) {
  std::string line(name);
  line += ": ";
  if (IsSecretHeader(name)) {
    line += kMask;
    return line;
  }
  line += value;
  return Redact(line);
}

}  // namespace tempo::http
