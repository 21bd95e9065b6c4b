// The marketo streams' states, versioned (tempo/state.hpp), written after every step that
// costs Marketo something (a created export job, a downloaded range of its file, a page), so a
// killed or deferred run resumes at the exact step, reusing the jobs it created.
//
// leads:
//   {"version":1,"cursor_ms":C,"deleted_token":"..","changes_token":"..",
//    "run":{"incremental":true,"phase":"windows","filter":"updatedAt","started_ms":S,
//           "window_ms":W,"job":{"id":"..","start_ms":..,"end_ms":..,"last":false,
//                                "enqueued":true,"offset":0,"columns":"id,email,.."},
//           "next":{...},"token":".."}}
// programs:        {"version":1,"cursor_ms":C,"run":{"incremental":false,"offset":400,
//                   "started_ms":S,"earliest_ms":E}}
// program_members: {"version":1,"run":{"program_id":1042,"token":"..","started_ms":S}}
#ifndef TEMPO_PLUGINS_CONNECTORS_MARKETO_STATE_H_
#define TEMPO_PLUGINS_CONNECTORS_MARKETO_STATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tempo/plugin.hpp"

namespace tempo::marketo {

inline constexpr int64_t kStateVersion = 1;

// A bulk export job the run created and has not read to the end.
struct ExportJobState {
  std::string id;
  int64_t start_ms = -1, end_ms = -1;  // its window
  bool last = false;                   // the window ends at the run's "now"
  bool enqueued = false;
  int64_t offset = 0;   // bytes of its file read and committed
  std::string columns;  // the file's header (comma-separated), once offset > 0
};

struct LeadsRun {
  bool incremental = false;  // the mode the run was started in
  bool delta = false;        // it reads changes since cursor_ms (not everything since start_date)
  std::string phase;         // "windows" | "changes" | "deleted"
  std::string filter;        // "updatedAt" | "createdAt" (windows)
  int64_t started_ms = -1;   // the run's start, less the hand-over lag (tempo/cursor.hpp)
  int64_t window_ms = -1;    // where the next window starts
  std::optional<ExportJobState> job, next;  // the job being read and the one queued behind it
  std::string token;                        // changes/deleted: the feed's position
};

struct LeadsState {
  int64_t cursor_ms = -1;     // the last completed read's hand-over
  std::string deleted_token;  // the deleted-leads feed's position after it ("": from cursor_ms)
  std::string changes_token;  // the lead-changes feed's (instances without updatedAt)
  std::optional<LeadsRun> run;
};

struct ProgramsRun {
  bool incremental = false;
  int64_t offset = 0;  // the next page's offset
  int64_t started_ms = -1;
  int64_t earliest_ms = -1;  // earliestUpdatedAt (-1: every program)
};

struct ProgramsState {
  int64_t cursor_ms = -1;
  std::optional<ProgramsRun> run;
};

struct MembersRun {
  int64_t program_id = -1;  // the program being read (the ones before it are done)
  std::string token;        // its next page ("": its first)
  int64_t started_ms = -1;
};

struct MembersState {
  std::optional<MembersRun> run;
};

std::string EncodeState(const LeadsState& state);
std::string EncodeState(const ProgramsState& state);
std::string EncodeState(const MembersState& state);

// "" decodes as a fresh state. Errors name the stream and say what to do.
sdk::Status DecodeState(std::string_view json, LeadsState* out);
sdk::Status DecodeState(std::string_view json, ProgramsState* out);
sdk::Status DecodeState(std::string_view json, MembersState* out);

}  // namespace tempo::marketo

#endif  // TEMPO_PLUGINS_CONNECTORS_MARKETO_STATE_H_
