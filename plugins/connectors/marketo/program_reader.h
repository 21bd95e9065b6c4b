// Reads the `programs` and `program_members` streams (README.md, "How programs are read"):
//
//   programs          GET /rest/asset/v1/programs.json?maxReturn=200&offset=N, offset += 200,
//                     until the answer has no result and the "No assets found" warning;
//                     incremental reads add earliestUpdatedAt (the last cursor) and
//                     latestUpdatedAt (now, at each page)
//   program_members   every program (the same paging, no filter), in id order, then for each
//                     GET /rest/v1/leads/programs/{id}.json?batchSize=300 with nextPageToken,
//                     while moreResult (pages may be empty and still say more)
//
// A checkpoint after every page: the next offset, or the program and its page token. One reader
// per connector instance; the host calls it from one thread at a time.
#ifndef TEMPO_PLUGINS_CONNECTORS_MARKETO_PROGRAM_READER_H_
#define TEMPO_PLUGINS_CONNECTORS_MARKETO_PROGRAM_READER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "config.h"
#include "envelope.h"
#include "marketo_client.h"
#include "state.h"
#include "tempo/plugin.hpp"

namespace tempo::marketo {

class ProgramReader {
 public:
  ProgramReader(const Config& config, const MarketoClient& client)
      : config_(config), client_(client) {}

  sdk::Status ReadPrograms(sdk::Context& ctx, const sdk::ReadRequest& request);
  // Asks for one program: the API user may read assets (Read-Only Assets).
  sdk::Status Check(sdk::Context& ctx);
  sdk::Status ReadMembers(sdk::Context& ctx, const sdk::ReadRequest& request);

 private:
  // One page of programs from `offset`; *end when it is past the last (no result).
  sdk::Status ProgramPage(sdk::Context& ctx, int64_t offset, int64_t earliest_ms,
                          std::string_view where, Envelope* page, bool* end);
  // The ids of every program, ascending.
  sdk::Status ProgramIds(sdk::Context& ctx, std::vector<int64_t>* ids);
  // Reads the members of `program_id` from run.token to the end.
  sdk::Status ReadProgramMembers(sdk::Context& ctx, MembersState& state);

  const Config& config_;
  const MarketoClient& client_;
};

}  // namespace tempo::marketo

#endif  // TEMPO_PLUGINS_CONNECTORS_MARKETO_PROGRAM_READER_H_
