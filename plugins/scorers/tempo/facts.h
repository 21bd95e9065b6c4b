// Facts: the store's rows as the metrics use them, resolved across sources and read as of the
// run's instant. load.cc fills them from the store; identity.cc resolves partners and accounts;
// the metric files (trust.cc, embedded.cc, ...) only read them, so they are pure functions that
// tests can feed by hand.
//
// Times are milliseconds since the epoch (std::nullopt: the source gave none). A row's
// partner and org are indexes into Facts::partners and keys of organizations; kNone when the
// reference does not resolve.
#ifndef TEMPO_PLUGINS_SCORERS_TEMPO_FACTS_H_
#define TEMPO_PLUGINS_SCORERS_TEMPO_FACTS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tempo::scorer {

inline constexpr size_t kNone = static_cast<size_t>(-1);
using Time = std::optional<int64_t>;

// A store row, as evidence names it.
struct Ref {
  std::string entity;
  std::string connection;
  std::string source_id;
};

// A partner as resolved across sources: every partner row with the same key.
struct Partner {
  std::string key;   // "domain:acme.com", "name:acme", "partner:<connection>:<source_id>"
  std::string name;  // of the representative row
  Ref row;           // the representative partner row: score rows name the partner by it
  std::vector<Ref> rows;
  Time since;  // the partnership's start: the earliest partnered_at of its rows
};

// An organization (a company we sell to) as resolved across sources: an org key is
// "domain:<domain>", or "account:<connection>:<source_id>" for an account without a domain.
// One account's time as a customer.
struct CustomerSpan {
  Time since;           // customer_since
  Time churned_at;      // churned_at
  bool former = false;  // lifecycle 'former_customer'
};

struct Org {
  std::string key;
  std::vector<Ref> accounts;
  std::vector<CustomerSpan> spans;  // of its accounts that are or were customers
  std::optional<double> arr_usd;    // the largest of its accounts'

  // A customer at `t`: some account became one by then (or says 'customer' without a date)
  // and had not churned by then. A former customer without a churn date is not counted.
  bool CustomerAt(int64_t t) const {
    for (const CustomerSpan& s : spans) {
      const bool started = s.since ? *s.since <= t : !s.former;
      const bool ended = s.churned_at ? *s.churned_at <= t : s.former;
      if (started && !ended) return true;
    }
    return false;
  }
};

struct Opportunity {
  Ref ref;
  size_t org = kNone;                // index into Facts::orgs
  std::string opp_type;              // new, expansion, renewal, other, or ""
  std::optional<double> amount_usd;  // amount_usd, else amount when the currency is USD
  bool closed = false;               // closed by the as-of instant
  bool won = false;                  // won by then
  Time created_at, closed_at;
};

// A partner's part in a deal.
struct Attribution {
  Ref ref;
  size_t opportunity = kNone;  // index into Facts::opportunities
  size_t partner = kNone;      // kNone: the partner named has no partner row
  std::string partner_label;   // the unresolved name or id, to count distinct partners
  std::string role;
  bool primary = false;
};

struct Campaign {
  Ref ref;
  size_t partner = kNone;
  Time start_at;
};

struct Lead {
  Ref ref;
  size_t org = kNone;
  size_t partner = kNone;  // the referring partner
  bool converted = false;  // became an opportunity (that existed by the as-of instant)
  Time created_at, mql_at, first_response_at;
};

struct Integration {
  Ref ref;
  size_t partner = kNone;
  std::string status;
  Time released_at;
};

struct Install {
  Ref ref;
  size_t org = kNone;
  size_t integration = kNone;  // index into Facts::integrations
  Time installed_at, uninstalled_at;
};

struct Overlap {
  Ref ref;
  size_t partner = kNone;
  size_t org = kNone;
  std::string our_population, partner_population;
};

struct Activity {
  Ref ref;
  size_t partner = kNone;
  size_t org = kNone;
  size_t opportunity = kNone;
  std::string kind;
  Time occurred_at;
};

// Which tables hold any live row of the scored connections at all (a metric whose source is
// absent is "missing source", never 0).
struct Sources {
  bool partner = false, account = false, opportunity = false, opportunity_partner = false;
  bool campaign = false, lead = false, integration = false, install = false, overlap = false;
  bool activity = false;
  bool opp_type = false;        // some opportunity has opp_type
  bool first_response = false;  // some lead has first_response_at
  bool customer_dates = false;  // some account has customer_since or churned_at
};

struct Facts {
  int64_t as_of = 0;         // t1
  int64_t window_start = 0;  // t1 - W
  std::vector<Partner> partners;
  std::vector<Org> orgs;
  std::vector<Opportunity> opportunities;
  std::vector<Attribution> attributions;
  std::vector<Campaign> campaigns;
  std::vector<Lead> leads;
  std::vector<Integration> integrations;
  std::vector<Install> installs;
  std::vector<Overlap> overlaps;
  std::vector<Activity> activities;
  Sources sources;
  int64_t unresolved_attributions = 0;  // attributions naming a partner with no partner row

  bool InWindow(const Time& t) const { return t && *t > window_start && *t <= as_of; }
  bool Known(const Time& t) const { return t && *t <= as_of; }
};

}  // namespace tempo::scorer

#endif  // TEMPO_PLUGINS_SCORERS_TEMPO_FACTS_H_
