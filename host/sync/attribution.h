// Lead attribution: a Destination in front of another that sets `partner_source_id` on the lead
// and campaign records a connection's `attribution:` rules match (docs/configuration.md, "Lead
// attribution"), so partner-referred leads and co-marketing campaigns carry their partner
// whatever the source calls it: a lead source, a UTM source, a Marketo program, a Mailchimp tag.
//
// Each rule names a partner by domain and/or name. The partner is written as a `partner` row of
// the connection (source_id `attribution:<domain>`, else `attribution:<name>`), in the run's
// first transaction, so the reference resolves inside the connection and the partner matches
// the CRM's by domain across connections. The first matching rule wins; a record no rule
// matches is written as the connector sent it.
#ifndef TEMPO_HOST_SYNC_ATTRIBUTION_H_
#define TEMPO_HOST_SYNC_ATTRIBUTION_H_

#include <string>
#include <vector>

#include "sync/destination.h"

namespace tempo::sync {

struct AttributionRule {
  struct Condition {
    std::string field;  // a column of the record, "source_id", or "tag"
    std::string value;
  };
  std::string partner_name;
  std::string partner_domain;
  std::string entity;  // "lead", "campaign", or "" for both
  std::vector<Condition> when;
};

// The partner row's source_id for a rule: "attribution:" + the normalized domain, else + the
// name in lower case.
std::string AttributedPartnerId(const AttributionRule& rule);

class AttributingDestination : public Destination {
 public:
  AttributingDestination(Destination& inner, std::vector<AttributionRule> rules);

  Result<int64_t> BeginRun(const RunInfo& info) override { return inner_.BeginRun(info); }
  Result<StreamState> LoadState(std::string_view stream) override {
    return inner_.LoadState(stream);
  }
  Status Begin() override;
  Status Write(const tempo_record& record, std::string* reject) override;
  Status WriteReject(const Reject& reject) override { return inner_.WriteReject(reject); }
  Status CheckScope(std::string_view entity, const RowScope& scope) override {
    return inner_.CheckScope(entity, scope);
  }
  Result<int64_t> DeleteUnseen(std::string_view entity, int64_t since_run_id,
                               const RowScope& scope) override;
  Status Commit(std::string_view stream, std::string_view state_json,
                std::optional<int64_t> refresh_run_id) override;
  void Rollback() override;
  Status FinishRun(int64_t run_id, const RunSummary& summary) override {
    return inner_.FinishRun(run_id, summary);
  }

 private:
  // The first rule matching `record`, or nullptr.
  const AttributionRule* Match(const tempo_record& record) const;
  Status WritePartners();

  Destination& inner_;
  std::vector<AttributionRule> rules_;
  std::vector<std::string> partner_ids_;  // per rule
  bool partners_committed_ = false;       // the partner rows are in a committed transaction
  bool partners_pending_ = false;         // written in the open transaction
  std::vector<tempo_field> fields_;       // scratch: a matched record's fields
};

}  // namespace tempo::sync

#endif  // TEMPO_HOST_SYNC_ATTRIBUTION_H_
