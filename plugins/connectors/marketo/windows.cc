// Export windows, poll schedule, byte ranges (windows.h).
#include "windows.h"

#include <algorithm>
#include <charconv>

#include "tempo/json_writer.hpp"
#include "tempo/time.hpp"

namespace tempo::marketo {

namespace {

int64_t FloorSecond(int64_t ms) { return ms - (((ms % 1000) + 1000) % 1000); }
int64_t CeilSecond(int64_t ms) { return -FloorSecond(-ms); }

std::optional<int64_t> Number(std::string_view text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<Window> NextWindow(int64_t start_ms, int64_t now_ms) {
  const int64_t start = FloorSecond(start_ms);
  const int64_t now = CeilSecond(now_ms);
  if (start >= now) return std::nullopt;
  Window w;
  w.start_ms = start;
  w.end_ms = std::min(start + kMaxWindowMs, now);
  w.last = w.end_ms == now;
  return w;
}

std::string FilterDate(int64_t ms) {
  return sdk::FormatIso(FloorSecond(ms), sdk::IsoPrecision::kSeconds);
}

std::string ExportBody(const std::vector<std::string>& fields, std::string_view filter,
                       const Window& window) {
  sdk::JsonWriter w;
  w.BeginObject().Key("fields").BeginArray();
  for (const std::string& f : fields) w.String(f);
  w.EndArray().Key("format").String("CSV").Key("filter").BeginObject().Key(filter).BeginObject();
  w.Key("startAt").String(FilterDate(window.start_ms));
  w.Key("endAt").String(FilterDate(window.end_ms));
  w.EndObject().EndObject().EndObject();
  return w.Take();
}

double PollDelay(int poll, double bulk_poll_seconds) {
  if (poll <= 0) return 0;
  if (poll == 1) return bulk_poll_seconds / 4;
  if (poll == 2) return bulk_poll_seconds / 2;
  return bulk_poll_seconds;
}

std::string RangeHeader(int64_t offset, int64_t chunk, int64_t size) {
  const int64_t last = std::min(offset + chunk, size) - 1;
  return "bytes=" + std::to_string(offset) + "-" + std::to_string(last);
}

std::optional<ContentRange> ParseContentRange(std::string_view h) {
  if (h.substr(0, 6) != "bytes ") return std::nullopt;
  h.remove_prefix(6);
  const size_t dash = h.find('-'), slash = h.find('/');
  if (dash == std::string_view::npos || slash == std::string_view::npos || slash < dash) {
    return std::nullopt;
  }
  auto first = Number(h.substr(0, dash));
  auto last = Number(h.substr(dash + 1, slash - dash - 1));
  auto total = Number(h.substr(slash + 1));
  if (!first || !last || !total || *last < *first || *last >= *total) return std::nullopt;
  return ContentRange{*first, *last, *total};
}

}  // namespace tempo::marketo
