// The kit's judgements, as pure functions over what its steps produced (emit logs, store rows,
// catalogs), so each rule is unit-tested on its own (tests/unit/conformance/).
#ifndef TEMPO_HOST_CONFORMANCE_CHECKS_H_
#define TEMPO_HOST_CONFORMANCE_CHECKS_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "conformance/emit_log.h"
#include "conformance/store_view.h"

namespace tempo::conformance {

// How far before a read's start an incremental read may re-read unchanged records: the kit's
// hand-over lag (tempo/cursor.hpp's kHandOverLagMs) plus a minute of clock slack.
inline constexpr int64_t kOverlapAllowanceMs = 6 * 60 * 1000;

// "" when `actual` holds exactly the rows of `expected` with the same values; else one
// sentence: how many rows were lost, are extra, or differ, with a few examples of each.
std::string CompareRows(const Rows& expected, const Rows& actual);
// "" when every row of `subset` is in `whole` with the same values; else the sentence.
std::string MissingRows(const Rows& subset, const Rows& whole);

// The records of a stream's own entity (`entity_of`: stream -> its declared entity) committed
// more than once from the same source record (the same raw JSON; the same values when there
// is none) in one read: "entity source_id" -> times (>= 2). Several source records may map to
// one row (Salesforce's Partner rows of one partner account), and other entities a stream
// writes are derived (a partner named on many deals): those may come again.
std::map<std::string, int> Duplicates(const EmitLog& log,
                                      const std::map<std::string, std::string>& entity_of);

// A stream as discover (or spec) describes it.
struct StreamDesc {
  std::string name, entity, primary_key, cursor_field, owns_column;
  int64_t sync_modes = 0, owns = 0;
};

// What is wrong with a catalog: no stream, a name twice, an entity that is not a canonical
// table, no primary key, no or unknown sync modes, an ownership without its column or on a
// column the entity lacks; and, when `spec` is given, streams that differ from it.
std::vector<std::string> CatalogProblems(const std::vector<StreamDesc>& streams,
                                         const std::vector<StreamDesc>* spec);

// An incremental read judged against what was read before it.
struct Before {
  std::map<std::string, std::string> digests;  // "entity source_id" -> the digest last read
  std::map<std::string, int64_t> newest_ms;    // stream -> the newest updated_at read
  int64_t started_ms = 0;                      // when the previous read started
  void Add(const EmitLog& log);                // folds a read into it
};

struct IncrementalVerdict {
  int64_t changed = 0;  // new records, or records with other values
  int64_t overlap = 0;  // unchanged, at the cursor or within the allowance before the start
  std::vector<std::string> reread;  // unchanged and older: "stream: entity source_id"
  int64_t reread_count = 0;
  int64_t allowed_reread = 0;  // the same, of a stream in `allowed`
};

// Classifies the records `read` committed for `incremental_streams`: a record is a change when
// it is new or its values differ from the last read's; an unchanged one is overlap when its
// updated_at is at least the newest its stream had (an inclusive cursor reads its boundary
// again) or within kOverlapAllowanceMs before the previous read's start (the hand-over lag);
// any other unchanged record is a re-read: the read did not start from its saved state.
// A stream in `allowed` re-reads on purpose: its re-reads are counted apart.
IncrementalVerdict JudgeIncremental(const EmitLog& read, const Before& before,
                                    const std::set<std::string>& incremental_streams,
                                    const std::set<std::string>& allowed = {});

// Up to `n` items of `items`, comma-separated, with "..." when there are more.
std::string Sample(const std::vector<std::string>& items, size_t n = 3);

}  // namespace tempo::conformance

#endif  // TEMPO_HOST_CONFORMANCE_CHECKS_H_
