// Programs to campaigns, memberships to campaign members (program_mapping.h).
#include "program_mapping.h"

#include "lead_mapping.h"
#include "tempo/model.h"
#include "tempo/time.hpp"

namespace tempo::marketo {

namespace dom = simdjson::dom;

namespace {

std::string IdOf(simdjson::simdjson_result<dom::element> e) {
  int64_t n = 0;
  if (e.get_int64().get(n) == simdjson::SUCCESS && n >= 0) return std::to_string(n);
  std::string_view s;
  if (e.get_string().get(s) == simdjson::SUCCESS && IsMarketoId(s)) return std::string(s);
  return "";
}

// A date member: absent or null (*present false, or nullopt), a normalized date, or a reject.
bool Date(dom::element obj, std::string_view key, std::optional<std::string>* out,
          std::string* reject) {
  out->reset();
  std::string_view text;
  dom::element v;
  if (obj[key].get(v) != simdjson::SUCCESS || v.is_null()) return true;
  if (v.get_string().get(text) != simdjson::SUCCESS || text.empty()) return true;
  *out = NormalizeDate(text);
  if (!*out) {
    *reject = std::string(key) + " '" + std::string(text.substr(0, 40)) + "' is not a date";
    return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> NormalizeDate(std::string_view text) {
  std::optional<int64_t> ms = sdk::ParseIsoMs(text);
  if (!ms) return std::nullopt;
  return sdk::FormatIso(*ms, sdk::IsoPrecision::kTrimMillis);
}

std::optional<double> ProgramCost(dom::element program) {
  dom::array costs;
  if (program["costs"].get_array().get(costs) != simdjson::SUCCESS || costs.size() == 0) {
    return std::nullopt;
  }
  double sum = 0;
  for (dom::element period : costs) {
    double cost = 0;
    if (period["cost"].get_double().get(cost) != simdjson::SUCCESS) return std::nullopt;
    sum += cost;
  }
  return sum;
}

std::string ProgramId(dom::element program) { return IdOf(program["id"]); }

bool EmitProgram(sdk::RecordBatch& batch, dom::element program, std::string_view raw,
                 std::string* reject) {
  namespace c = model::campaign;
  const std::string id = ProgramId(program);
  if (id.empty()) {
    *reject = "a program without an id";
    return false;
  }
  std::optional<std::string> updated, start, end;
  if (!Date(program, "updatedAt", &updated, reject) ||
      !Date(program, "startDate", &start, reject) || !Date(program, "endDate", &end, reject)) {
    *reject = "program " + id + ": " + *reject;
    return false;
  }
  dom::array costs;
  const bool has_costs =
      program["costs"].get_array().get(costs) == simdjson::SUCCESS && costs.size() > 0;
  const std::optional<double> cost = ProgramCost(program);
  if (has_costs && !cost) {
    *reject = "program " + id + ": a period cost that is not a number";
    return false;
  }
  if (raw.empty()) raw = batch.Copy(simdjson::minify(program));
  batch.Begin(model::kCampaign, batch.Copy(id)).Raw(raw);
  if (updated) batch.UpdatedAt(batch.Copy(*updated));
  std::string_view name, channel;
  if (program["name"].get_string().get(name) == simdjson::SUCCESS) {
    batch.Str(c::kName, name);
  }
  if (program["channel"].get_string().get(channel) == simdjson::SUCCESS && !channel.empty()) {
    batch.Str(c::kChannel, channel);
  } else {
    batch.Null(c::kChannel);
  }
  // Only event programs have a schedule; the others leave the columns NULL.
  if (start) {
    batch.StrCopy(c::kStartAt, *start);
  } else {
    batch.Null(c::kStartAt);
  }
  if (end) {
    batch.StrCopy(c::kEndAt, *end);
  } else {
    batch.Null(c::kEndAt);
  }
  if (cost) {
    batch.Real(c::kCostUsd, *cost);
  } else {
    batch.Null(c::kCostUsd);
  }
  return true;
}

bool EmitMember(sdk::RecordBatch& batch, std::string_view program_id, dom::element member,
                std::string_view raw, std::string* reject) {
  namespace m = model::campaign_member;
  const std::string lead = IdOf(member["id"]);
  if (lead.empty()) {
    *reject = "a member without a lead id";
    return false;
  }
  dom::element membership;
  if (member["membership"].get(membership) != simdjson::SUCCESS || !membership.is_object()) {
    *reject = "lead " + lead + ": no membership";
    return false;
  }
  std::optional<std::string> joined;
  if (!Date(membership, "membershipDate", &joined, reject)) {
    *reject = "lead " + lead + ": " + *reject;
    return false;
  }
  bool success = false;
  const bool has_success =
      membership["reachedSuccess"].get_bool().get(success) == simdjson::SUCCESS;
  if (raw.empty()) raw = batch.Copy(simdjson::minify(member));
  batch.Begin(model::kCampaignMember, batch.Copy(std::string(program_id) + ":" + lead)).Raw(raw);
  if (joined) batch.UpdatedAt(batch.Copy(*joined));
  batch.Str(m::kCampaignSourceId, batch.Copy(program_id)).Str(m::kLeadSourceId, batch.Copy(lead));
  if (joined) {
    batch.Str(m::kFirstTouchAt, batch.Copy(*joined));
  } else {
    batch.Null(m::kFirstTouchAt);
  }
  if (has_success) {
    batch.Bool(m::kResponded, success);
  } else {
    batch.Null(m::kResponded);
  }
  return true;
}

}  // namespace tempo::marketo
