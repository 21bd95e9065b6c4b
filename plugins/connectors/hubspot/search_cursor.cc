// The search phase's cursor (search_cursor.h).
#include "search_cursor.h"

#include <algorithm>
#include <cstdlib>

#include "tempo/cursor.hpp"
#include "tempo/json_writer.hpp"
#include "tempo/time.hpp"

namespace tempo::hubspot {

RunState StartSearch(int64_t cursor_ms, const std::string& cursor_id, int64_t lookback_ms) {
  RunState run;
  run.incremental = true;
  run.phase = "search";
  run.anchor_ms = lookback_ms > 0 ? std::max<int64_t>(0, cursor_ms - lookback_ms) : cursor_ms;
  run.anchor_id = lookback_ms > 0 ? std::string() : cursor_id;
  run.max = sdk::Keyset{cursor_ms, cursor_id};
  return run;
}

std::string SearchBody(std::string_view mod_prop, const std::vector<std::string>& properties,
                       const RunState& run, int64_t page_size) {
  const std::string t = std::to_string(run.anchor_ms);
  sdk::JsonWriter w;
  auto filter = [&w](std::string_view name, const char* op, std::string_view value) {
    w.BeginObject().Key("propertyName").String(name).Key("operator").String(op);
    w.Key("value").String(value).EndObject();
  };
  w.BeginObject().Key("filterGroups").BeginArray();
  if (run.tie) {
    w.BeginObject().Key("filters").BeginArray();
    filter(mod_prop, "EQ", t);
    filter("hs_object_id", "GT", run.anchor_id);
    w.EndArray().EndObject();
  } else if (run.anchor_id.empty()) {
    w.BeginObject().Key("filters").BeginArray();
    filter(mod_prop, "GTE", t);
    w.EndArray().EndObject();
  } else {
    w.BeginObject().Key("filters").BeginArray();
    filter(mod_prop, "GT", t);
    w.EndArray().EndObject();
    w.BeginObject().Key("filters").BeginArray();
    filter(mod_prop, "EQ", t);
    filter("hs_object_id", "GT", run.anchor_id);
    w.EndArray().EndObject();
  }
  w.EndArray().Key("sorts").BeginArray().BeginObject();
  w.Key("propertyName").String(run.tie ? std::string_view("hs_object_id") : mod_prop);
  w.Key("direction").String("ASCENDING").EndObject().EndArray();
  w.Key("properties").BeginArray();
  for (const std::string& p : properties) w.String(p);
  w.EndArray().Key("limit").Int(page_size);
  if (run.offset > 0) w.Key("after").String(std::to_string(run.offset));
  return w.EndObject().Take();
}

std::string DescribeSearch(std::string_view mod_prop, const RunState& run) {
  return "search page " + std::to_string(run.page + 1) + " (" + std::string(mod_prop) +
         (run.tie ? " = " : " >= ") + sdk::FormatIso(run.anchor_ms) +
         (run.anchor_id.empty() ? "" : ", id > " + run.anchor_id) + ", offset " +
         std::to_string(run.offset) + ")";
}

bool AdvanceSearch(RunState* run, const SearchPage& page, int64_t page_size, int64_t cap) {
  run->page++;
  if (page.next_after.empty() || page.results == 0) {
    if (!run->tie) return true;
    // Every record at the anchor time is read: continue after it.
    run->tie = false;
    if (run->max.ms == run->anchor_ms && !run->max.id.empty()) run->anchor_id = run->max.id;
    run->offset = 0;
    return false;
  }
  int64_t next_offset = run->offset + static_cast<int64_t>(page.results);
  char* end = nullptr;
  const long long n = std::strtoll(page.next_after.c_str(), &end, 10);
  if (end && *end == '\0' && n > run->offset) next_offset = n;
  if (run->tie && !page.last_id.empty()) {
    // Keyset paging by id within the tied timestamp: no offset to shift.
    run->anchor_id = page.last_id;
    run->offset = 0;
  } else if (!run->tie && page.last_ms > run->anchor_ms) {
    // Re-anchor at every page that moves the time forward (inclusive: the ties at last_ms are
    // read again), so records modified during the run cannot shift offsets past an unread
    // record; offsets are used only inside one timestamp.
    run->anchor_ms = page.last_ms;
    run->anchor_id.clear();
    run->offset = 0;
  } else if (next_offset + page_size > cap) {
    // The next page would pass the cap and one timestamp fills the whole window: page that
    // timestamp by id (from the anchor id, or from the start).
    run->tie = true;
    if (run->anchor_id.empty()) run->anchor_id = "0";
    run->offset = 0;
  } else {
    run->offset = next_offset;
  }
  return false;
}

void ObserveRecord(RunState* run, int64_t ms, std::string_view id) {
  sdk::ObserveKey(&run->max, ms, id);
}

}  // namespace tempo::hubspot
