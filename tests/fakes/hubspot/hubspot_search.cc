// HubSpot search: body parsing (simdjson On-Demand) and evaluation. Timestamp and id filters
// are answered from the dataset's sorted index without building records; other properties build
// the record once per candidate row.
#include "fakes/hubspot/hubspot_search.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <optional>

#include "fakes/core/encoding.h"
#include "fakes/core/json_read.h"

namespace tempo::fakes {
namespace {

constexpr std::string_view kOperators[] = {"EQ",
                                           "NEQ",
                                           "LT",
                                           "LTE",
                                           "GT",
                                           "GTE",
                                           "BETWEEN",
                                           "IN",
                                           "NOT_IN",
                                           "HAS_PROPERTY",
                                           "NOT_HAS_PROPERTY",
                                           "CONTAINS_TOKEN",
                                           "NOT_CONTAINS_TOKEN"};

Status Invalid(std::string message) { return Status::InvalidArgument(std::move(message)); }

Result<int64_t> JsonInt(simdjson::ondemand::value value, std::string_view what) {
  Result<std::string> text = JsonScalarText(value);
  if (!text.ok()) return Invalid(std::string(what) + ": " + text.status().message());
  std::optional<int64_t> v = ParseInt(*text);
  if (!v) return Invalid(std::string(what) + " must be an integer, got '" + *text + "'");
  return *v;
}

Result<HubSpotFilter> ParseFilter(simdjson::ondemand::object object) {
  HubSpotFilter f;
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return Invalid("invalid filter key");
    if (key == "values") {
      simdjson::ondemand::array values;
      if (field.value().get_array().get(values))
        return Invalid("filter \"values\" must be an array");
      for (auto v : values) {
        Result<std::string> text = JsonScalarText(v.value());
        if (!text.ok()) return text.status();
        f.values.push_back(std::move(*text));
      }
      continue;
    }
    Result<std::string> text = JsonScalarText(field.value());
    if (!text.ok())
      return Invalid("filter \"" + std::string(key) + "\": " + text.status().message());
    if (key == "propertyName")
      f.property = std::move(*text);
    else if (key == "operator")
      f.op = std::move(*text);
    else if (key == "value")
      f.value = std::move(*text);
    else if (key == "highValue")
      f.high_value = std::move(*text);
  }
  if (f.property.empty()) return Invalid("a filter is missing \"propertyName\"");
  if (std::find(std::begin(kOperators), std::end(kOperators), f.op) == std::end(kOperators)) {
    return Invalid("filter on '" + f.property + "' has an unsupported operator '" + f.op + "'");
  }
  return f;
}

Result<std::vector<HubSpotFilter>> ParseFilters(simdjson::ondemand::array array) {
  std::vector<HubSpotFilter> filters;
  for (auto element : array) {
    simdjson::ondemand::object object;
    if (element.get_object().get(object)) return Invalid("each filter must be an object");
    Result<HubSpotFilter> f = ParseFilter(object);
    if (!f.ok()) return f.status();
    filters.push_back(std::move(*f));
  }
  return filters;
}

Status ParseSorts(simdjson::ondemand::array array, std::vector<HubSpotSort>& sorts) {
  for (auto element : array) {
    simdjson::ondemand::value value = element.value();
    simdjson::ondemand::json_type type;
    if (value.type().get(type)) return Invalid("invalid sort");
    HubSpotSort sort;
    if (type == simdjson::ondemand::json_type::string) {
      std::string_view s;
      if (value.get_string().get(s)) return Invalid("invalid sort");
      sort.descending = s.starts_with('-');
      sort.property = std::string(sort.descending ? s.substr(1) : s);
    } else {
      simdjson::ondemand::object object;
      if (value.get_object().get(object)) return Invalid("each sort must be an object or a string");
      for (auto field : object) {
        std::string_view key;
        if (field.unescaped_key().get(key)) return Invalid("invalid sort key");
        Result<std::string> text = JsonScalarText(field.value());
        if (!text.ok()) return text.status();
        if (key == "propertyName") sort.property = *text;
        if (key == "direction") {
          if (*text != "ASCENDING" && *text != "DESCENDING") {
            return Invalid("sort direction must be ASCENDING or DESCENDING, got '" + *text + "'");
          }
          sort.descending = *text == "DESCENDING";
        }
      }
    }
    sorts.push_back(std::move(sort));
  }
  return Status::Ok();
}

// --- Evaluation. ---

enum class Source : uint8_t { kModified, kCreated, kId, kRecord, kNever };

struct CompiledFilter {
  const HubSpotFilter* filter;
  Source source;
  bool numeric;                      // datetime/number/date: compare as numbers
  std::vector<double> numbers;       // value [, highValue] or values
  std::vector<std::string> strings;  // lower-cased
};

std::optional<double> NumberOf(std::string_view text, bool datetime) {
  if (text.empty()) return std::nullopt;
  if (datetime) {
    if (std::optional<int64_t> ms = ParseInt(text)) return static_cast<double>(*ms);
    if (std::optional<int64_t> ms = ParseIsoDateTime(text)) return static_cast<double>(*ms);
    return std::nullopt;
  }
  std::string copy(text);
  char* end = nullptr;
  double v = std::strtod(copy.c_str(), &end);
  if (end == copy.c_str() || *end != '\0') return std::nullopt;
  return v;
}

class Candidate {
 public:
  Candidate(const Dataset& d, const HubSpotObjectType& t, HubSpotRecordBuilder& builder,
            int64_t row)
      : d_(d), t_(t), builder_(builder), row_(row) {}

  std::optional<double> Number(const CompiledFilter& f) {
    switch (f.source) {
      case Source::kModified:
        return static_cast<double>(d_.ModifiedMs(t_.entity, row_));
      case Source::kCreated:
        return static_cast<double>(d_.CreatedMs(t_.entity, row_));
      case Source::kId:
        return static_cast<double>(HubSpotId(t_, row_));
      default: {
        const HubSpotValue* v = Value(f.filter->property);
        if (v == nullptr || !v->has_value()) return std::nullopt;
        bool datetime = false;
        for (const HubSpotPropertyDef& def : t_.properties) {
          if (def.name == f.filter->property)
            datetime = def.type == "datetime" || def.type == "date";
        }
        return NumberOf(**v, datetime);
      }
    }
  }
  const HubSpotValue* Value(std::string_view property) {
    if (record_ == nullptr) record_ = &builder_.Build(row_);
    return record_->Find(property);
  }

 private:
  const Dataset& d_;
  const HubSpotObjectType& t_;
  HubSpotRecordBuilder& builder_;
  int64_t row_;
  const HubSpotRecord* record_ = nullptr;  // built on first use
};

bool Matches(const CompiledFilter& f, Candidate& c) {
  const std::string& op = f.filter->op;
  if (f.source == Source::kNever) return false;
  if (op == "HAS_PROPERTY" || op == "NOT_HAS_PROPERTY") {
    bool has = true;
    if (f.source == Source::kRecord) {
      const HubSpotValue* v = c.Value(f.filter->property);
      has = v != nullptr && v->has_value() && !(*v)->empty();
    }
    return has == (op == "HAS_PROPERTY");
  }
  if (f.numeric && op != "CONTAINS_TOKEN" && op != "NOT_CONTAINS_TOKEN") {
    std::optional<double> x = c.Number(f);
    if (!x) return op == "NEQ" || op == "NOT_IN";
    if (op == "EQ") return *x == f.numbers[0];
    if (op == "NEQ") return *x != f.numbers[0];
    if (op == "LT") return *x < f.numbers[0];
    if (op == "LTE") return *x <= f.numbers[0];
    if (op == "GT") return *x > f.numbers[0];
    if (op == "GTE") return *x >= f.numbers[0];
    if (op == "BETWEEN") return *x >= f.numbers[0] && *x <= f.numbers[1];
    const bool in = std::find(f.numbers.begin(), f.numbers.end(), *x) != f.numbers.end();
    return op == "IN" ? in : !in;
  }
  const HubSpotValue* v = c.Value(f.filter->property);
  const std::string x = v != nullptr && v->has_value() ? AsciiLower(**v) : std::string();
  if (op == "EQ") return x == f.strings[0];
  if (op == "NEQ") return x != f.strings[0];
  if (op == "LT") return x < f.strings[0];
  if (op == "LTE") return x <= f.strings[0];
  if (op == "GT") return x > f.strings[0];
  if (op == "GTE") return x >= f.strings[0];
  if (op == "BETWEEN") return x >= f.strings[0] && x <= f.strings[1];
  if (op == "CONTAINS_TOKEN" || op == "NOT_CONTAINS_TOKEN") {
    const bool contains = x.find(f.strings[0]) != std::string::npos;
    return contains == (op == "CONTAINS_TOKEN");
  }
  const bool in = std::find(f.strings.begin(), f.strings.end(), x) != f.strings.end();
  return op == "IN" ? in : !in;
}

Result<CompiledFilter> Compile(const HubSpotFilter& f, const HubSpotObjectType& type) {
  CompiledFilter c{&f, Source::kRecord, false, {}, {}};
  const HubSpotPropertyDef* def = nullptr;
  for (const HubSpotPropertyDef& p : type.properties) {
    if (p.name == f.property) def = &p;
  }
  if (def == nullptr) {
    // The real contacts index has no hs_lastmodifieddate: the filter silently matches nothing.
    if (type.entity == Entity::kContact && f.property == "hs_lastmodifieddate") {
      c.source = Source::kNever;
      return c;
    }
    return Invalid("Property \"" + f.property + "\" does not exist on " + std::string(type.name));
  }
  if (f.property == type.modified_property)
    c.source = Source::kModified;
  else if (f.property == "createdate")
    c.source = Source::kCreated;
  else if (f.property == "hs_object_id")
    c.source = Source::kId;
  const bool datetime = def->type == "datetime" || def->type == "date";
  c.numeric = datetime || def->type == "number";
  std::vector<std::string> raw;
  if (f.op == "IN" || f.op == "NOT_IN")
    raw = f.values;
  else if (f.op == "BETWEEN")
    raw = {f.value, f.high_value};
  else if (f.op != "HAS_PROPERTY" && f.op != "NOT_HAS_PROPERTY")
    raw = {f.value};
  for (const std::string& r : raw) {
    c.strings.push_back(AsciiLower(r));
    if (f.op == "CONTAINS_TOKEN" || f.op == "NOT_CONTAINS_TOKEN") {
      std::erase(c.strings.back(), '*');
      continue;
    }
    if (c.numeric) {
      std::optional<double> n = NumberOf(r, datetime);
      if (!n) {
        return Invalid(
            "filter on '" + f.property + "': '" + r + "' is not a valid " +
            std::string(datetime ? "datetime (epoch milliseconds or ISO-8601)" : "number"));
      }
      c.numbers.push_back(*n);
    }
  }
  if ((f.op == "IN" || f.op == "NOT_IN") && raw.empty()) {
    return Invalid("filter on '" + f.property + "': " + f.op + " needs \"values\"");
  }
  return c;
}

}  // namespace

Result<HubSpotSearchRequest> ParseHubSpotSearch(std::string_view body) {
  HubSpotSearchRequest req;
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(body);
  simdjson::ondemand::document doc;
  simdjson::ondemand::object root;
  if (parser.iterate(padded).get(doc) || doc.get_object().get(root)) {
    return Invalid("Invalid input JSON: the search body must be a JSON object");
  }
  for (auto field : root) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return Invalid("Invalid input JSON");
    if (key == "filterGroups") {
      simdjson::ondemand::array groups;
      if (field.value().get_array().get(groups))
        return Invalid("\"filterGroups\" must be an array");
      for (auto group : groups) {
        simdjson::ondemand::object object;
        if (group.get_object().get(object)) return Invalid("each filter group must be an object");
        std::vector<HubSpotFilter> filters;
        for (auto gf : object) {
          std::string_view gkey;
          if (gf.unescaped_key().get(gkey)) return Invalid("Invalid input JSON");
          if (gkey != "filters") continue;
          simdjson::ondemand::array array;
          if (gf.value().get_array().get(array)) return Invalid("\"filters\" must be an array");
          Result<std::vector<HubSpotFilter>> parsed = ParseFilters(array);
          if (!parsed.ok()) return parsed.status();
          filters = std::move(*parsed);
        }
        req.groups.push_back(std::move(filters));
      }
    } else if (key == "filters") {
      simdjson::ondemand::array array;
      if (field.value().get_array().get(array)) return Invalid("\"filters\" must be an array");
      Result<std::vector<HubSpotFilter>> parsed = ParseFilters(array);
      if (!parsed.ok()) return parsed.status();
      if (!parsed->empty()) req.groups.push_back(std::move(*parsed));
    } else if (key == "sorts") {
      simdjson::ondemand::array array;
      if (field.value().get_array().get(array)) return Invalid("\"sorts\" must be an array");
      Status s = ParseSorts(array, req.sorts);
      if (!s.ok()) return s;
    } else if (key == "properties") {
      simdjson::ondemand::array array;
      if (field.value().get_array().get(array)) return Invalid("\"properties\" must be an array");
      for (auto p : array) {
        std::string_view name;
        if (p.get_string().get(name)) return Invalid("\"properties\" must hold strings");
        req.properties.emplace_back(name);
      }
    } else if (key == "limit") {
      Result<int64_t> v = JsonInt(field.value(), "limit");
      if (!v.ok()) return v.status();
      req.limit = *v;
    } else if (key == "after") {
      Result<int64_t> v = JsonInt(field.value(), "after");
      if (!v.ok()) return v.status();
      req.after = *v;
    }
  }
  if (req.limit < 1 || req.limit > kHubSpotSearchMaxLimit) {
    return Invalid("limit must be between 1 and 200, got " + std::to_string(req.limit));
  }
  if (req.after < 0) return Invalid("after must not be negative");
  size_t total_filters = 0;
  for (const auto& g : req.groups) {
    if (g.size() > 10) return Invalid("a filter group may hold at most 10 filters");
    total_filters += g.size();
  }
  if (req.groups.size() > 5) return Invalid("at most 5 filterGroups are allowed");
  if (total_filters > 25) return Invalid("at most 25 filters are allowed in total");
  return req;
}

Result<HubSpotSearchPage> RunHubSpotSearch(const Dataset& dataset, const HubSpotObjectType& type,
                                           const HubSpotSearchRequest& request) {
  if (request.after + request.limit > kHubSpotSearchResultCap) {
    return Invalid("Paging past 10000 results is not supported by the search endpoints (after=" +
                   std::to_string(request.after) + ", limit=" + std::to_string(request.limit) +
                   "); narrow the filter instead, e.g. hs_object_id GTE the last id + 1");
  }
  std::vector<std::vector<CompiledFilter>> groups;
  for (const auto& g : request.groups) {
    std::vector<CompiledFilter> compiled;
    for (const HubSpotFilter& f : g) {
      Result<CompiledFilter> c = Compile(f, type);
      if (!c.ok()) return c.status();
      compiled.push_back(std::move(*c));
    }
    groups.push_back(std::move(compiled));
  }
  HubSpotRecordBuilder builder(dataset, type);
  auto matches = [&](int64_t row) {
    if (dataset.Archived(type.entity, row) || !dataset.Serves(Crm::kHubSpot, type.entity, row)) {
      return false;
    }
    if (groups.empty()) return true;
    Candidate c(dataset, type, builder, row);
    for (const auto& g : groups) {
      bool all = true;
      for (const CompiledFilter& f : g) {
        if (!Matches(f, c)) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    return false;
  };

  HubSpotSearchPage page;
  const std::string sort = request.sorts.empty() ? "hs_object_id" : request.sorts[0].property;
  const bool descending = !request.sorts.empty() && request.sorts[0].descending;
  const int64_t count = dataset.Count(type.entity);
  auto take = [&](int64_t row) {
    if (page.total >= request.after && static_cast<int64_t>(page.rows.size()) < request.limit) {
      page.rows.push_back(row);
    }
    ++page.total;
  };

  if (sort == type.modified_property || sort == "hs_object_id") {
    const bool by_time = sort == type.modified_property;
    std::span<const uint32_t> order = dataset.ByModified(type.entity, TimeUnit::kMillis);
    auto row_at = [&](int64_t i) -> int64_t { return by_time ? order[i] : i; };
    // Ascending with a lower bound on the sort key in every group: start at the smallest of the
    // groups' bounds (a row before it matches no group).
    int64_t begin = 0;
    if (!descending && !groups.empty()) {
      begin = count;
      for (const auto& group : groups) {
        int64_t group_begin = 0;
        for (const CompiledFilter& f : group) {
          const bool lower = f.filter->op == "GTE" || f.filter->op == "GT" || f.filter->op == "EQ";
          if (!lower || f.numbers.empty()) continue;
          const double bound = f.numbers[0];
          if (by_time && f.source == Source::kModified) {
            auto it =
                std::lower_bound(order.begin(), order.end(), bound, [&](uint32_t row, double b) {
                  return static_cast<double>(dataset.ModifiedMs(type.entity, row)) < b;
                });
            group_begin = std::max<int64_t>(group_begin, it - order.begin());
          } else if (!by_time && f.source == Source::kId) {
            group_begin = std::max<int64_t>(
                group_begin,
                std::clamp<int64_t>(static_cast<int64_t>(bound) - type.id_base, 0, count));
          }
        }
        begin = std::min(begin, group_begin);
      }
    }
    if (descending) {
      for (int64_t i = count - 1; i >= 0; --i) {
        if (matches(row_at(i))) take(row_at(i));
      }
    } else {
      for (int64_t i = begin; i < count; ++i) {
        if (matches(row_at(i))) take(row_at(i));
      }
    }
  } else {
    // Any other sort property: collect the matches, order by the property's value, then id.
    std::vector<std::pair<std::string, int64_t>> keyed;
    bool numeric = false;
    for (const HubSpotPropertyDef& def : type.properties) {
      if (def.name == sort)
        numeric = def.type != "string" && def.type != "enumeration" && def.type != "bool";
    }
    for (int64_t row = 0; row < count; ++row) {
      if (!matches(row)) continue;
      const HubSpotValue* v = builder.Build(row).Find(sort);
      keyed.emplace_back(v != nullptr && v->has_value() ? **v : std::string(), row);
    }
    auto key_less = [numeric](const std::pair<std::string, int64_t>& a,
                              const std::pair<std::string, int64_t>& b) {
      if (numeric) {
        auto number = [](const std::string& t) {
          return NumberOf(t, false).value_or(NumberOf(t, true).value_or(0));
        };
        const double x = number(a.first), y = number(b.first);
        if (x != y) return x < y;
      } else if (a.first != b.first) {
        return a.first < b.first;
      }
      return a.second < b.second;
    };
    std::stable_sort(keyed.begin(), keyed.end(), key_less);
    if (descending) std::reverse(keyed.begin(), keyed.end());
    for (const auto& [key, row] : keyed) take(row);
  }
  page.has_more = page.total > request.after + static_cast<int64_t>(page.rows.size());
  return page;
}

}  // namespace tempo::fakes
