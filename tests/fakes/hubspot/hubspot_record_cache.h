// A bounded cache of rendered HubSpot records: each record's JSON object exactly as a list page
// shows it, so a client that reads the same records again (a benchmark pages through a million
// contacts on every run) costs the server a copy instead of a rebuild.
//
// Entries belong to a view: the object type plus the request's shown properties and
// associations, as a key string. A few views are kept; the least recently used one goes first.
// Every entry is dropped when the stamp changes: the dataset's version (touch, archive, append)
// and the clock's offset (clock advance). Memory is bounded by a byte budget; once it is spent,
// further records are rendered but not kept, so a reader that passes over more than fits still
// gets the first part of every pass from the cache (where least-recently-used eviction of
// records would give a sequential reader nothing).
//
// Thread-safety: every member is safe to call concurrently. Callers hold the dataset's shared
// lock while they use a view, so the stamp cannot change under them.
#ifndef TEMPO_TESTS_FAKES_HUBSPOT_HUBSPOT_RECORD_CACHE_H_
#define TEMPO_TESTS_FAKES_HUBSPOT_HUBSPOT_RECORD_CACHE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace tempo::fakes {

class HubSpotRecordCache {
 public:
  // What invalidates every entry.
  struct Stamp {
    uint64_t dataset_version = 0;
    int64_t clock_offset_ms = 0;
    bool operator==(const Stamp&) const = default;
  };

  // The records of one view, by row.
  class View {
   public:
    // Appends the cached JSON of `row` to `out`; false (and `out` untouched) on a miss.
    bool AppendTo(std::string& out, int64_t row);
    // Keeps `json` as the record of `row`, unless the budget is spent or the row is beyond the
    // rows the view was made for.
    void Insert(int64_t row, std::string_view json);
    // Made by ViewFor: counts its memory in `used` and keeps nothing once `used` would pass
    // `budget`.
    View(std::atomic<size_t>& used, size_t budget, int64_t rows);
    ~View();
    View(const View&) = delete;
    View& operator=(const View&) = delete;

   private:
    friend class HubSpotRecordCache;
    struct Slot {
      uint32_t chunk = kNone;
      uint32_t offset = 0;
      uint32_t length = 0;
    };
    static constexpr uint32_t kNone = UINT32_MAX;
    static constexpr size_t kChunkBytes = 1 << 20;
    static constexpr int kBlockBits = 12;  // slots come in blocks of 4096 rows, made when used
    static constexpr size_t kBlockRows = size_t{1} << kBlockBits;

    // The slot of `row`; nullptr when its block does not exist (and `make` is false) or the row
    // is out of range.
    Slot* SlotOf(int64_t row, bool make);

    std::atomic<size_t>& used_;  // the cache's bytes in use, all views together
    const size_t budget_;
    std::mutex mutex_;
    const int64_t rows_;
    std::vector<std::unique_ptr<Slot[]>> blocks_;  // by row >> kBlockBits
    std::vector<std::unique_ptr<char[]>> chunks_;
    size_t chunk_used_ = kChunkBytes;  // bytes used in the last chunk
    size_t bytes_ = 0;                 // what this view added to used_
  };

  // `budget_bytes` 0 turns the cache off (ViewFor returns nullptr).
  explicit HubSpotRecordCache(size_t budget_bytes) : budget_(budget_bytes) {}

  // The view for `key` under `stamp`, made (for `rows` rows) if needed; nullptr when off.
  // A new stamp drops every view first.
  std::shared_ptr<View> ViewFor(const std::string& key, const Stamp& stamp, int64_t rows);

  // Bytes of record JSON held (views still in use by a request included).
  size_t used_bytes() const { return used_.load(); }

 private:
  static constexpr size_t kMaxViews = 4;

  const size_t budget_;
  std::atomic<size_t> used_{0};
  std::mutex mutex_;
  Stamp stamp_;
  // Most recently used first.
  std::list<std::pair<std::string, std::shared_ptr<View>>> views_;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_HUBSPOT_HUBSPOT_RECORD_CACHE_H_
