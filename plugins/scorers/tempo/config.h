// The TEMPO scorer's parameters: the model's small-sample rules (shrinkage strength, minimum
// samples) and the par values its lifts are normalized against. Declared once as a key table,
// from which come the JSON Schema the host checks `scorers[i].config` against and the typed
// Params. Every value is recorded in the score run (params_json), so a score can be recomputed.
// README.md and docs/scoring.md document the keys.
#ifndef TEMPO_PLUGINS_SCORERS_TEMPO_CONFIG_H_
#define TEMPO_PLUGINS_SCORERS_TEMPO_CONFIG_H_

#include <cstdint>
#include <string_view>

#include "tempo/config.hpp"

namespace tempo::scorer {

struct Params {
  double alpha_deals = 10;         // shrinkage strength for deal rates (pseudo-deals)
  double alpha_leads = 30;         // for lead rates
  double alpha_accounts = 30;      // for customer and account rates
  int64_t min_deals = 10;          // deals per arm (closed, won, open, renewal) below which a
                                   // deal metric is "insufficient data"
  int64_t min_leads = 30;          // leads per arm for the EQL lift
  int64_t min_partner_leads = 10;  // partner-referred leads for responsiveness
  int64_t min_events = 5;          // intros and referrals for reciprocity
  int64_t min_accounts = 10;       // customers or overlap accounts for penetration, activation
  int64_t min_retention_arm = 30;  // customers per arm per ARR stratum for retention uplift
  int64_t response_business_days = 2;
  int64_t adoption_days = 90;        // early integration adoption after a new-business win
  double par_win_rate_lift = 0.117;  // Crossbeam's network average lift
  double par_eql_lift = 1.0;         // EQLs converting twice as well
  double par_deal_size_lift = 0.10;
  double par_velocity_lift = 0.10;
  double presence_confidence = 0.5;  // confidence factor of metrics resting on overlap presence
  int64_t min_partner_days = 90;     // a partnership younger than this is not scored yet
};

const sdk::ConfigMap<Params>& ParamKeys();

}  // namespace tempo::scorer

#endif  // TEMPO_PLUGINS_SCORERS_TEMPO_CONFIG_H_
