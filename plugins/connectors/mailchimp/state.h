// The streams' states, versioned (tempo/state.hpp), written after every page so a killed run
// resumes at the exact page:
//
//   campaigns       {"version":1,"cursor_ms":C,
//                    "run":{"incremental":true,"started_ms":S,"since_ms":..,"offset":..,
//                           "last_id":"..","last_ms":..,"newest_ms":..,"oldest_open_ms":..,
//                           "page":3}}
//   members         {"version":1,"lists":{"<list_id>":C,...},
//                    "run":{"incremental":true,"started_ms":S,"done":{"<list_id>":1,...},
//                           "list":"<list_id>","since_ms":..,"offset":..,"last_id":"..",
//                           "last_ms":..,"newest_ms":..,"page":3}}
//   email_activity  {"version":1,"run":{"campaign_id":"..","campaign_ms":..,"offset":..,
//                                       "page":3}}
//
// C is a completed read's hand-over cursor (epoch ms, -1: none); the pass fields are
// keyset_pass.h's Pass.
#ifndef TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_STATE_H_
#define TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_STATE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "keyset_pass.h"
#include "tempo/plugin.hpp"

namespace tempo::mailchimp {

inline constexpr int64_t kStateVersion = 1;

// An unfinished keyset read (campaigns, or one list of members).
struct PassRun {
  bool incremental = false;
  int64_t started_ms = -1;  // ReadStart() of the run that began the read
  Pass pass;
  int64_t newest_ms = -1;  // the newest key seen
  int64_t page = 0;        // pages read (for messages)
};

struct CampaignsState {
  int64_t cursor_ms = -1;
  struct Run : PassRun {
    int64_t oldest_open_ms = -1;  // the oldest campaign seen that may still change
  };
  std::optional<Run> run;
};

struct MembersState {
  std::map<std::string, int64_t, std::less<>> cursors;  // list id -> hand-over cursor
  struct Run : PassRun {
    std::set<std::string, std::less<>> done;  // lists completed in this run
    std::string list;                         // the list being read ("" between lists)
  };
  std::optional<Run> run;
};

struct ActivityState {
  struct Run {
    std::string campaign_id;   // the campaign being read; those before it are done
    int64_t campaign_ms = -1;  // its create_time
    int64_t offset = 0;
    int64_t page = 0;
  };
  std::optional<Run> run;
};

std::string EncodeState(const CampaignsState& state);
std::string EncodeState(const MembersState& state);
std::string EncodeState(const ActivityState& state);

// `stream` names the stream in messages. "" decodes as a fresh state.
sdk::Status DecodeState(std::string_view json, std::string_view stream, CampaignsState* out);
sdk::Status DecodeState(std::string_view json, std::string_view stream, MembersState* out);
sdk::Status DecodeState(std::string_view json, std::string_view stream, ActivityState* out);

}  // namespace tempo::mailchimp

#endif  // TEMPO_PLUGINS_CONNECTORS_MAILCHIMP_STATE_H_
