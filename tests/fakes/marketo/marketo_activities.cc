// The fake Marketo's activity log and its paging tokens (marketo_activities.h).
#include "fakes/marketo/marketo_activities.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "fakes/core/encoding.h"

namespace tempo::fakes {
namespace {

constexpr int64_t kSliceMs = 86'400'000;  // an empty page when the next activity is further
constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string Base32(std::string_view bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kBase32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32[(buffer << (5 - bits)) & 31];
  while (out.size() % 8 != 0) out += '=';
  return out;
}

std::optional<std::string> Unbase32(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    const char* at = std::strchr(kBase32, c);
    if (at == nullptr || c == '\0') return std::nullopt;
    buffer = (buffer << 5) | static_cast<uint32_t>(at - kBase32);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

bool After(const MarketoActivity& a, ActivityPosition p) {
  return a.ms > p.ms || (a.ms == p.ms && a.id > p.id);
}

}  // namespace

std::vector<MarketoActivity> MarketoActivities(const Dataset& d, const std::vector<int>& types) {
  auto wants = [&](int type) { return std::find(types.begin(), types.end(), type) != types.end(); };
  std::vector<MarketoActivity> out;
  const int64_t leads = d.Count(Entity::kLead);
  for (int64_t row = 0; row < leads; ++row) {
    const bool deleted = d.Archived(Entity::kLead, row);
    // Ids: four per lead, so each kind of activity of a lead keeps its id.
    if (deleted) {
      if (wants(kDeleteLeadActivity)) {
        out.push_back({d.ModifiedMs(Entity::kLead, row), row * 4 + 3, kDeleteLeadActivity, row});
      }
      continue;  // a deleted lead's other activities are gone with it
    }
    const int64_t created = d.CreatedMs(Entity::kLead, row);
    const int64_t modified = d.ModifiedMs(Entity::kLead, row);
    if (wants(kNewLeadActivity)) out.push_back({created, row * 4 + 1, kNewLeadActivity, row});
    if (wants(kChangeDataValueActivity) && modified > created) {
      out.push_back({modified, row * 4 + 2, kChangeDataValueActivity, row});
    }
  }
  std::sort(out.begin(), out.end(), [](const MarketoActivity& a, const MarketoActivity& b) {
    return a.ms != b.ms ? a.ms < b.ms : a.id < b.id;
  });
  return out;
}

ActivityPosition PositionBefore(int64_t since_ms) {
  return {since_ms - 1, std::numeric_limits<int64_t>::max()};
}

std::string EncodePagingToken(ActivityPosition p) {
  return Base32(std::to_string(p.ms) + ":" + std::to_string(p.id));
}

std::optional<ActivityPosition> DecodePagingToken(std::string_view token) {
  std::optional<std::string> text = Unbase32(token);
  if (!text) return std::nullopt;
  const size_t colon = text->find(':');
  if (colon == std::string::npos) return std::nullopt;
  std::optional<int64_t> ms = ParseInt(std::string_view(*text).substr(0, colon));
  std::optional<int64_t> id = ParseInt(std::string_view(*text).substr(colon + 1));
  if (!ms || !id) return std::nullopt;
  return ActivityPosition{*ms, *id};
}

ActivityPage PageActivities(const std::vector<MarketoActivity>& activities, ActivityPosition from,
                            size_t batch_size) {
  ActivityPage page;
  page.next = from;
  auto first = std::find_if(activities.begin(), activities.end(),
                            [&](const MarketoActivity& a) { return After(a, from); });
  page.begin = page.end = static_cast<size_t>(first - activities.begin());
  if (first == activities.end()) return page;
  if (first->ms > from.ms + kSliceMs && from.ms + kSliceMs > from.ms) {
    // Nothing in this time slice: an empty page that moves the position up to the next one.
    page.next = PositionBefore(first->ms);
    page.more = true;
    return page;
  }
  page.end = std::min(activities.size(), page.begin + batch_size);
  page.next = {activities[page.end - 1].ms, activities[page.end - 1].id};
  page.more = page.end < activities.size();
  return page;
}

}  // namespace tempo::fakes
