// The fake Crossbeam's overlap cursors: opaque to clients (base64url of a small JSON object, so
// they look like Crossbeam's "eyJ..."), self-describing to the server.
//
// A cursor pages one listing: either every live overlap of a kind (the first call, no cursor)
// or the overlaps changed after a change-sequence value, tombstones included (a delta). Each
// page's cursor resumes after the last key it returned. When a listing ends (has_more false)
// its final cursor is a delta from the sequence value at which the listing began, so calling
// it later returns exactly what changed since, also what changed while the listing was paged.
// A cursor carries the fingerprint of the query's other parameters (changing any of them
// invalidates it) and the server's cursor generation (InvalidateCursors retires them all).
#ifndef TEMPO_TESTS_FAKES_CROSSBEAM_CROSSBEAM_CURSOR_H_
#define TEMPO_TESTS_FAKES_CROSSBEAM_CROSSBEAM_CURSOR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tempo::fakes {

struct XbCursor {
  std::string kind;   // "accounts" | "leads"
  std::string query;  // QueryFingerprint of the request that began the listing
  bool delta = false;
  uint64_t since = 0;                                // delta: changes after this sequence value
  uint64_t start = 0;                                // the sequence value when the listing began
  std::optional<std::pair<int64_t, int64_t>> after;  // the last key returned
  uint64_t generation = 0;
};

std::string EncodeCursor(const XbCursor& cursor);
// nullopt for anything EncodeCursor did not write.
std::optional<XbCursor> DecodeCursor(std::string_view text);

// A fingerprint of a request's query parameters other than `cursor` (name=value pairs sorted,
// repeated names included), as 16 hex digits.
std::string QueryFingerprint(std::vector<std::pair<std::string, std::string>> params);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CROSSBEAM_CROSSBEAM_CURSOR_H_
