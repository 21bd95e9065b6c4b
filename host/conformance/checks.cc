// The kit's judgements. See checks.h.
#include "conformance/checks.h"

#include <algorithm>

#include <optional>

#include "store/schema.h"
#include "tempo/plugin.h"
#include "tempo/time.hpp"

namespace tempo::conformance {
namespace {

std::string Count(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::optional<int64_t> Ms(const std::string& iso) {
  if (iso.empty()) return std::nullopt;
  return sdk::ParseIsoMs(iso);
}

bool HasColumn(const store::TableSpec& table, const std::string& column) {
  if (column == "source_id") return true;
  for (const store::ColumnSpec& c : table.columns) {
    if (column == c.name) return true;
  }
  return false;
}

}  // namespace

std::string Sample(const std::vector<std::string>& items, size_t n) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < n; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > n) out += ", ...";
  return out;
}

std::string CompareRows(const Rows& expected, const Rows& actual) {
  std::vector<std::string> lost, extra, differ;
  for (const auto& [key, digest] : expected) {
    auto it = actual.find(key);
    if (it == actual.end()) {
      lost.push_back(key);
    } else if (it->second != digest) {
      differ.push_back(key);
    }
  }
  for (const auto& [key, digest] : actual) {
    if (!expected.count(key)) extra.push_back(key);
  }
  std::vector<std::string> parts;
  if (!lost.empty())
    parts.push_back(Count(lost.size(), "row lost", "rows lost") + " (" + Sample(lost) + ")");
  if (!extra.empty()) {
    parts.push_back(Count(extra.size(), "row", "rows") + " the uninterrupted read does not have (" +
                    Sample(extra) + ")");
  }
  if (!differ.empty()) {
    parts.push_back(Count(differ.size(), "row", "rows") + " with other values (" + Sample(differ) +
                    ")");
  }
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
  return out;
}

std::string MissingRows(const Rows& subset, const Rows& whole) {
  std::vector<std::string> missing, differ;
  for (const auto& [key, digest] : subset) {
    auto it = whole.find(key);
    if (it == whole.end()) {
      missing.push_back(key);
    } else if (it->second != digest) {
      differ.push_back(key);
    }
  }
  std::string out;
  if (!missing.empty())
    out = Count(missing.size(), "row", "rows") + " missing (" + Sample(missing) + ")";
  if (!differ.empty()) {
    out += (out.empty() ? "" : "; ") + Count(differ.size(), "row", "rows") +
           " with older values (" + Sample(differ) + ")";
  }
  return out;
}

std::map<std::string, int> Duplicates(const EmitLog& log,
                                      const std::map<std::string, std::string>& entity_of) {
  std::map<std::pair<std::string, std::string>, int> seen;
  for (const EmittedRecord& r : log.records) {
    auto own = entity_of.find(r.stream);
    if (!r.rejected && own != entity_of.end() && own->second == r.entity) {
      ++seen[{r.Key(), r.source_digest}];
    }
  }
  std::map<std::string, int> out;
  for (const auto& [key, n] : seen) {
    if (n > 1) out[key.first] = std::max(out[key.first], n);
  }
  return out;
}

std::vector<std::string> CatalogProblems(const std::vector<StreamDesc>& streams,
                                         const std::vector<StreamDesc>* spec) {
  std::vector<std::string> problems;
  if (streams.empty()) problems.push_back("discover returned no stream");
  std::set<std::string> names;
  for (const StreamDesc& s : streams) {
    const std::string who = "stream '" + s.name + "'";
    if (!names.insert(s.name).second) problems.push_back(who + " is listed twice");
    const store::TableSpec* table = store::FindTable(s.entity);
    if (table == nullptr) {
      problems.push_back(who + ": entity '" + s.entity +
                         "' is not a canonical table (docs/store-schema.md)");
    }
    if (s.primary_key.empty()) problems.push_back(who + " has no primary key");
    if (s.sync_modes == 0 ||
        (s.sync_modes & ~int64_t{TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL}) != 0) {
      problems.push_back(who + ": sync modes " + std::to_string(s.sync_modes) +
                         " are not a set of full_refresh and incremental");
    }
    if (s.owns != TEMPO_OWNS_ALL) {
      if (s.owns_column.empty()) {
        problems.push_back(who + " owns a part of its entity but names no column");
      } else if (table != nullptr && !HasColumn(*table, s.owns_column)) {
        problems.push_back(who + " owns rows by '" + s.owns_column + "', which entity '" +
                           s.entity + "' does not have");
      }
    }
  }
  if (spec != nullptr) {
    for (const StreamDesc& s : *spec) {
      auto it = std::find_if(streams.begin(), streams.end(),
                             [&](const StreamDesc& d) { return d.name == s.name; });
      if (it == streams.end()) {
        problems.push_back("spec() lists stream '" + s.name + "', discover does not");
      } else if (it->entity != s.entity || it->primary_key != s.primary_key ||
                 it->sync_modes != s.sync_modes) {
        problems.push_back("stream '" + s.name + "' differs between spec() and discover");
      }
    }
  }
  return problems;
}

void Before::Add(const EmitLog& log) {
  for (const EmittedRecord& r : log.records) {
    if (r.rejected) continue;
    digests[r.Key()] = r.digest;
    if (std::optional<int64_t> ms = Ms(r.updated_at)) {
      int64_t& newest = newest_ms.try_emplace(r.stream, *ms).first->second;
      newest = std::max(newest, *ms);
    }
  }
}

IncrementalVerdict JudgeIncremental(const EmitLog& read, const Before& before,
                                    const std::set<std::string>& incremental_streams,
                                    const std::set<std::string>& allowed) {
  IncrementalVerdict v;
  std::set<std::string> counted;
  for (const EmittedRecord& r : read.records) {
    if (r.rejected || !incremental_streams.count(r.stream)) continue;
    if (!counted.insert(r.Key()).second) continue;  // duplicates are no_duplicates' business
    auto it = before.digests.find(r.Key());
    if (it == before.digests.end() || it->second != r.digest) {
      ++v.changed;
      continue;
    }
    const std::optional<int64_t> ms = Ms(r.updated_at);
    auto newest = before.newest_ms.find(r.stream);
    const bool at_cursor = ms && newest != before.newest_ms.end() && *ms >= newest->second;
    const bool in_lag = ms && *ms >= before.started_ms - kOverlapAllowanceMs;
    if (at_cursor || in_lag) {
      ++v.overlap;
    } else if (allowed.count(r.stream)) {
      ++v.allowed_reread;
    } else {
      ++v.reread_count;
      if (v.reread.size() < 3) v.reread.push_back(r.stream + ": " + r.Key());
    }
  }
  return v;
}

}  // namespace tempo::conformance
