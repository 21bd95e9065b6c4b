// The key table of the TEMPO scorer's parameters.
#include "config.h"

namespace tempo::scorer {

const sdk::ConfigMap<Params>& ParamKeys() {
  static const auto* keys = [] {
    auto* k = new sdk::ConfigMap<Params>();
    const Params d;
    k->Number("alpha_deals", &Params::alpha_deals)
        .Default(d.alpha_deals)
        .Range(0, 1000)
        .Describe("Shrinkage of deal rates toward the ecosystem's: this many pseudo-deals.");
    k->Number("alpha_leads", &Params::alpha_leads)
        .Default(d.alpha_leads)
        .Range(0, 1000)
        .Describe("Shrinkage of lead rates: this many pseudo-leads.");
    k->Number("alpha_accounts", &Params::alpha_accounts)
        .Default(d.alpha_accounts)
        .Range(0, 1000)
        .Describe("Shrinkage of account and customer rates.");
    k->Integer("min_deals", &Params::min_deals)
        .Default(d.min_deals)
        .Range(1, 100000)
        .Describe("Deals per arm below which a deal metric is insufficient data.");
    k->Integer("min_leads", &Params::min_leads)
        .Default(d.min_leads)
        .Range(1, 100000)
        .Describe("Leads per arm below which the EQL lift is insufficient data.");
    k->Integer("min_partner_leads", &Params::min_partner_leads)
        .Default(d.min_partner_leads)
        .Range(1, 100000)
        .Describe("Partner-referred leads needed for responsiveness.");
    k->Integer("min_events", &Params::min_events)
        .Default(d.min_events)
        .Range(1, 100000)
        .Describe("Intros and referrals needed for reciprocity.");
    k->Integer("min_accounts", &Params::min_accounts)
        .Default(d.min_accounts)
        .Range(1, 100000)
        .Describe("Customers or overlap accounts needed for penetration and activation.");
    k->Integer("min_retention_arm", &Params::min_retention_arm)
        .Default(d.min_retention_arm)
        .Range(1, 100000)
        .Describe("Customers per arm per ARR stratum for retention uplift.");
    k->Integer("response_business_days", &Params::response_business_days)
        .Default(d.response_business_days)
        .Range(1, 60)
        .Describe("A partner lead answered within this many business days counts as served.");
    k->Integer("adoption_days", &Params::adoption_days)
        .Default(d.adoption_days)
        .Range(1, 365)
        .Describe("Days after a new-business win within which an integration install is early.");
    k->Number("par_win_rate_lift", &Params::par_win_rate_lift)
        .Default(d.par_win_rate_lift)
        .Range(0.001, 10)
        .Describe("Win-rate lift that scores 50 (0.117: +11.7%).");
    k->Number("par_eql_lift", &Params::par_eql_lift)
        .Default(d.par_eql_lift)
        .Range(0.001, 100)
        .Describe("EQL conversion lift that scores 50 (1.0: twice the conversion).");
    k->Number("par_deal_size_lift", &Params::par_deal_size_lift)
        .Default(d.par_deal_size_lift)
        .Range(0.001, 10)
        .Describe("Deal-size lift that scores 50.");
    k->Number("par_velocity_lift", &Params::par_velocity_lift)
        .Default(d.par_velocity_lift)
        .Range(0.001, 10)
        .Describe("Sales-cycle speed-up that scores 50.");
    k->Number("presence_confidence", &Params::presence_confidence)
        .Default(d.presence_confidence)
        .Range(0, 1)
        .Describe(
            "Confidence factor of metrics that rest on overlap data, whose first-seen "
            "time the store does not keep.");
    k->Integer("min_partner_days", &Params::min_partner_days)
        .Default(d.min_partner_days)
        .Range(0, 3650)
        .Describe(
            "A partner whose partnership (partnered_at) began fewer than this many days before "
            "the as-of instant is not scored yet: every metric of it is insufficient data. 0: "
            "score every partner.");
    return k;
  }();
  return *keys;
}

}  // namespace tempo::scorer
