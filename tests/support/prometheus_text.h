// A checker for the Prometheus text exposition format 0.0.4, strict enough to catch what a
// Prometheus server would refuse or misread: malformed lines, bad names and label escapes,
// samples before their TYPE or outside their family's block, duplicate series, negative
// counters, histograms whose buckets are not cumulative or lack +Inf == _count. It also holds
// Tempo's own naming rule: every counter ends in _total.
#ifndef TEMPO_TESTS_SUPPORT_PROMETHEUS_TEXT_H_
#define TEMPO_TESTS_SUPPORT_PROMETHEUS_TEXT_H_

#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace tempo::testing {

struct PromSample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// The problems found in `text` ("line N: what"), empty when it is valid. `samples`, when
// given, receives every sample.
inline std::vector<std::string> CheckPrometheusText(const std::string& text,
                                                    std::vector<PromSample>* samples = nullptr) {
  std::vector<std::string> problems;
  auto problem = [&](int line, const std::string& what) {
    problems.push_back("line " + std::to_string(line) + ": " + what);
  };
  auto is_name = [](const std::string& s, bool colon_ok) {
    if (s.empty()) return false;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                (colon_ok && c == ':') || (i > 0 && c >= '0' && c <= '9');
      if (!ok) return false;
    }
    return true;
  };
  auto parse_value = [](const std::string& s) -> std::optional<double> {
    if (s == "+Inf" || s == "Inf") return HUGE_VAL;
    if (s == "-Inf") return -HUGE_VAL;
    if (s == "NaN") return std::nan("");
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size()) return std::nullopt;
    return v;
  };
  if (!text.empty() && text.back() != '\n') problem(0, "the text must end with a newline");

  std::map<std::string, std::string> types;  // family -> type
  std::set<std::string> helps;
  std::set<std::string> finished_families;
  std::string current_family;
  std::set<std::string> series;
  // histogram family -> label set without le -> (le -> count), plus _count values
  std::map<std::string, std::map<std::string, std::map<double, double>>> buckets;
  std::map<std::string, std::map<std::string, double>> counts;

  auto family_of = [&](const std::string& name, const std::map<std::string, std::string>& labels,
                       int line) -> std::string {
    if (types.count(name)) {
      const std::string& t = types[name];
      if (t == "histogram" || t == "summary") {
        if (t == "summary" && !labels.count("quantile")) {
          problem(line, name + ": a summary sample needs a quantile label");
        }
        if (t == "histogram") problem(line, name + ": a histogram has only _bucket, _sum, _count");
      }
      return name;
    }
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      const std::string sfx(suffix);
      if (name.size() > sfx.size() &&
          name.compare(name.size() - sfx.size(), sfx.size(), sfx) == 0) {
        std::string base = name.substr(0, name.size() - sfx.size());
        auto it = types.find(base);
        if (it != types.end() && (it->second == "histogram" || it->second == "summary")) {
          if (sfx == "_bucket" && it->second != "histogram") {
            problem(line, name + ": _bucket belongs to histograms");
          }
          if (sfx == "_bucket" && !labels.count("le")) problem(line, name + ": a bucket needs le");
          return base;
        }
      }
    }
    problem(line, name + ": sample without a preceding # TYPE line for its family");
    return name;
  };

  int line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.empty()) continue;
    if (line[0] == '#') {
      std::string rest = line.substr(1);
      if (rest.rfind(" HELP ", 0) == 0 || rest.rfind(" TYPE ", 0) == 0) {
        const bool help = rest[1] == 'H';
        std::string body = rest.substr(6);
        size_t sp = body.find(' ');
        std::string name = body.substr(0, sp);
        std::string arg = sp == std::string::npos ? "" : body.substr(sp + 1);
        if (!is_name(name, true)) problem(line_no, "bad metric name '" + name + "'");
        if (help) {
          if (!helps.insert(name).second) problem(line_no, name + ": HELP given twice");
          for (size_t i = 0; i < arg.size(); ++i) {
            if (arg[i] == '\\' &&
                (i + 1 >= arg.size() || (arg[i + 1] != '\\' && arg[i + 1] != 'n'))) {
              problem(line_no, name + ": bad escape in HELP");
            }
            if (arg[i] == '\\') ++i;
          }
        } else {
          static const std::set<std::string> kTypes = {"counter", "gauge", "histogram", "summary",
                                                       "untyped"};
          if (!kTypes.count(arg)) problem(line_no, name + ": unknown type '" + arg + "'");
          if (types.count(name)) problem(line_no, name + ": TYPE given twice");
          if (finished_families.count(name) || current_family == name) {
            problem(line_no, name + ": TYPE after samples of the family");
          }
          if (arg == "counter" && (name.size() < 6 || name.substr(name.size() - 6) != "_total")) {
            problem(line_no, name + ": a counter's name must end in _total");
          }
          types[name] = arg;
        }
      }
      continue;  // other comments are allowed
    }
    // name{labels} value [timestamp]
    size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    PromSample sample;
    sample.name = line.substr(0, i);
    if (!is_name(sample.name, true)) {
      problem(line_no, "bad metric name '" + sample.name + "'");
      continue;
    }
    std::string label_key;
    if (i < line.size() && line[i] == '{') {
      ++i;
      bool ok = true;
      while (ok && i < line.size() && line[i] != '}') {
        size_t eq = line.find('=', i);
        if (eq == std::string::npos) {
          ok = false;
          break;
        }
        std::string lname = line.substr(i, eq - i);
        if (!is_name(lname, false) || lname.rfind("__", 0) == 0) {
          problem(line_no, "bad label name '" + lname + "'");
        }
        i = eq + 1;
        if (i >= line.size() || line[i] != '"') {
          ok = false;
          break;
        }
        ++i;
        std::string value;
        bool closed = false;
        while (i < line.size()) {
          char c = line[i++];
          if (c == '"') {
            closed = true;
            break;
          }
          if (c == '\\') {
            if (i >= line.size()) break;
            char e = line[i++];
            if (e == 'n')
              value += '\n';
            else if (e == '\\' || e == '"')
              value += e;
            else
              problem(line_no, "bad escape '\\" + std::string(1, e) + "' in a label value");
          } else {
            value += c;
          }
        }
        if (!closed) {
          ok = false;
          break;
        }
        if (!sample.labels.emplace(lname, value).second) {
          problem(line_no, "label '" + lname + "' given twice");
        }
        if (i < line.size() && line[i] == ',') ++i;
      }
      if (!ok || i >= line.size()) {
        problem(line_no, "malformed label set");
        continue;
      }
      ++i;  // '}'
    }
    if (i >= line.size() || line[i] != ' ') {
      problem(line_no, "expected a space and a value after the name");
      continue;
    }
    std::string rest = line.substr(i + 1);
    size_t sp = rest.find(' ');
    std::optional<double> value = parse_value(rest.substr(0, sp));
    if (!value) {
      problem(line_no, "bad value '" + rest.substr(0, sp) + "'");
      continue;
    }
    if (sp != std::string::npos) {
      std::string ts = rest.substr(sp + 1);
      char* endp = nullptr;
      std::strtoll(ts.c_str(), &endp, 10);
      if (ts.empty() || endp != ts.c_str() + ts.size())
        problem(line_no, "bad timestamp '" + ts + "'");
    }
    sample.value = *value;
    const std::string family = family_of(sample.name, sample.labels, line_no);
    if (family != current_family) {
      if (finished_families.count(family)) {
        problem(line_no, family + ": samples of a family must be in one block");
      }
      if (!current_family.empty()) finished_families.insert(current_family);
      current_family = family;
    }
    for (const auto& [k, v] : sample.labels) label_key += k + "=" + v + ";";
    if (!series.insert(sample.name + "{" + label_key + "}").second) {
      problem(line_no, "duplicate series " + sample.name + "{" + label_key + "}");
    }
    const std::string type = types.count(family) ? types[family] : "";
    if (type == "counter" && !(sample.value >= 0))
      problem(line_no, sample.name + ": negative counter");
    if (type == "histogram") {
      std::string without_le;
      for (const auto& [k, v] : sample.labels) {
        if (k != "le") without_le += k + "=" + v + ";";
      }
      if (sample.name == family + "_bucket" && sample.labels.count("le")) {
        std::optional<double> le = parse_value(sample.labels["le"]);
        if (!le)
          problem(line_no, "bad le '" + sample.labels["le"] + "'");
        else
          buckets[family][without_le][*le] = sample.value;
      } else if (sample.name == family + "_count") {
        counts[family][without_le] = sample.value;
      }
    }
    if (samples) samples->push_back(std::move(sample));
  }
  for (const auto& [family, by_labels] : buckets) {
    for (const auto& [labels, by_le] : by_labels) {
      double previous = 0;
      for (const auto& [le, count] : by_le) {
        if (count < previous) problem(0, family + "{" + labels + "}: buckets are not cumulative");
        previous = count;
      }
      if (!by_le.count(HUGE_VAL)) {
        problem(0, family + "{" + labels + "}: no +Inf bucket");
      } else if (!counts[family].count(labels) || counts[family][labels] != by_le.at(HUGE_VAL)) {
        problem(0, family + "{" + labels + "}: the +Inf bucket differs from _count");
      }
    }
  }
  return problems;
}

}  // namespace tempo::testing

#endif  // TEMPO_TESTS_SUPPORT_PROMETHEUS_TEXT_H_
