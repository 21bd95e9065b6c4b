// The leads stream's time arithmetic as pure functions (table-tested in tests/unit/marketo/):
// the bulk export windows (at most 31 days, whole seconds, each starting where the previous one
// ended, the last one ending at "now"), the export request body, the status poll schedule, and
// the byte ranges a file is downloaded in.
//
// Windows share their boundary second (Marketo's startAt and endAt are both inclusive), so a
// lead updated exactly on a boundary is read twice (the upsert absorbs it) and never lost.
#ifndef TEMPO_PLUGINS_CONNECTORS_MARKETO_WINDOWS_H_
#define TEMPO_PLUGINS_CONNECTORS_MARKETO_WINDOWS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tempo::marketo {

inline constexpr int64_t kMaxWindowMs = 31LL * 86'400'000;

struct Window {
  int64_t start_ms = 0;  // whole seconds
  int64_t end_ms = 0;    // whole seconds, at most start + 31 days
  bool last = false;     // it ends at `now`: no window follows it
};

// The window that starts at `start_ms` (rounded down to the second) and ends 31 days later or
// at `now_ms` (rounded up to the second), whichever is first. nullopt when `start_ms` is not
// before `now_ms`.
std::optional<Window> NextWindow(int64_t start_ms, int64_t now_ms);

// "2024-01-01T00:00:00Z": a filter date (Marketo wants ISO-8601 without milliseconds).
std::string FilterDate(int64_t ms);

// The create.json body: {"fields":[...],"format":"CSV","filter":{"<filter>":{"startAt":..,
// "endAt":..}}}.
std::string ExportBody(const std::vector<std::string>& fields, std::string_view filter,
                       const Window& window);

// Seconds to wait before status poll `poll` of one job (0: the poll right after enqueue, which
// does not wait): a quarter of `bulk_poll_seconds`, then half, then `bulk_poll_seconds` each
// time (Marketo updates a job's status about once a minute, so polling faster gains nothing).
double PollDelay(int poll, double bulk_poll_seconds);

// The Range header value for the bytes of a `size`-byte file from `offset`, at most `chunk` of
// them: "bytes=0-8388607".
std::string RangeHeader(int64_t offset, int64_t chunk, int64_t size);

// "bytes 0-99/1234" (a 206's Content-Range): the first and last byte and the total.
struct ContentRange {
  int64_t first = 0, last = 0, total = 0;
};
std::optional<ContentRange> ParseContentRange(std::string_view header);

}  // namespace tempo::marketo

#endif  // TEMPO_PLUGINS_CONNECTORS_MARKETO_WINDOWS_H_
