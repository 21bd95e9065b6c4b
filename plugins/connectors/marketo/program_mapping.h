// Marketo programs to canonical `campaign` records and program memberships to
// `campaign_member` records (README.md, "Streams and mapping"). Asset dates come as
// "2015-11-18T15:25:35Z+0000" and are written as "2015-11-18T15:25:35Z". Pure apart from the
// batch they write into.
#ifndef TEMPO_PLUGINS_CONNECTORS_MARKETO_PROGRAM_MAPPING_H_
#define TEMPO_PLUGINS_CONNECTORS_MARKETO_PROGRAM_MAPPING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "tempo/plugin.hpp"

namespace tempo::marketo {

// An asset or lead date-time as UTC ISO-8601 in whole seconds; nullopt when it is not a date.
std::optional<std::string> NormalizeDate(std::string_view text);

// The sum of a program's period costs (costs[].cost); nullopt when it has none.
std::optional<double> ProgramCost(simdjson::dom::element program);

// The program's id as decimal text, or "" when it has none.
std::string ProgramId(simdjson::dom::element program);

// Emits a programs.json result as a campaign: source_id = id, name, channel, start_at / end_at
// (startDate / endDate, when the program has them), cost_usd (the period costs' sum),
// source_updated_at = updatedAt. Returns false with *reject set for a program without an id or
// with a date or cost that does not parse.
bool EmitProgram(sdk::RecordBatch& batch, simdjson::dom::element program, std::string_view raw,
                 std::string* reject);

// Emits one member of program `program_id` (a leads/programs/{id}.json result: a lead with its
// `membership`) as a campaign_member: source_id "<program id>:<lead id>", campaign_source_id,
// lead_source_id, first_touch_at = membershipDate, responded = reachedSuccess.
bool EmitMember(sdk::RecordBatch& batch, std::string_view program_id, simdjson::dom::element member,
                std::string_view raw, std::string* reject);

}  // namespace tempo::marketo

#endif  // TEMPO_PLUGINS_CONNECTORS_MARKETO_PROGRAM_MAPPING_H_
