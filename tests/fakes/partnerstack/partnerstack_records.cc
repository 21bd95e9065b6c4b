// The fake PartnerStack's records. See partnerstack_records.h.
#include "fakes/partnerstack/partnerstack_records.h"

#include <algorithm>
#include <map>

#include "common/json_writer.h"
#include "fakes/core/encoding.h"
#include "fakes/core/synthetic_words.h"

namespace tempo::fakes {
namespace {

enum Salt : uint64_t { kPartnership = 701, kCustomer, kDeal, kLead, kTeam, kPerson };

// "<prefix>" and 12 base62 characters of Hash(seed, salt, row).
std::string KeyOf(std::string_view prefix, uint64_t seed, uint64_t salt, int64_t row) {
  static constexpr char kAlphabet[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  uint64_t h = Hash(seed, salt, static_cast<uint64_t>(row));
  std::string key(prefix);
  for (int i = 0; i < 12; ++i) {
    key.push_back(kAlphabet[h % 62]);
    h = h / 62 + Mix64(h);
  }
  return key;
}

// "Granite Forge Inc" -> "granite-forge-inc".
std::string Slug(std::string_view name) {
  std::string out;
  for (char c : name) {
    const char lower = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
      out.push_back(lower);
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string_view StageName(DealStage stage) {
  switch (stage) {
    case DealStage::kQualification:
      return "qualification";
    case DealStage::kDiscovery:
      return "discovery";
    case DealStage::kProposal:
      return "proposal";
    case DealStage::kNegotiation:
      return "negotiation";
    case DealStage::kClosedWon:
      return "closed_won";
    case DealStage::kClosedLost:
      return "closed_lost";
  }
  return "qualification";
}

// Newest created first, ties by key descending: how PartnerStack lists.
template <class T>
void SortForListing(std::vector<T>& items) {
  std::sort(items.begin(), items.end(), [](const T& a, const T& b) {
    return a.created_ms != b.created_ms ? a.created_ms > b.created_ms : a.key > b.key;
  });
}

void Common(JsonWriter& w, const PsItem& item) {
  w.Key("key").String(item.key);
  w.Key("created_at").Int(item.created_ms).Key("updated_at").Int(item.updated_ms);
}

void NullableString(JsonWriter& w, std::string_view key, const std::string& value) {
  w.Key(key);
  if (value.empty()) {
    w.Null();
  } else {
    w.String(value);
  }
}

}  // namespace

PartnerStackView::PartnerStackView(const Dataset& d) : version_(d.version()) {
  const uint64_t seed = d.options().seed;
  for (int p = 0; p < d.PartnerCount(); ++p) partner_keys_.push_back(Slug(d.Partner(p).name));

  for (int p = 0; p < d.PartnerCount(); ++p) {
    const PartnerInfo& info = d.Partner(p);
    if (d.Archived(Entity::kAccount, info.account_row)) continue;
    PsPartnership s;
    s.row = p;
    s.key = KeyOf("part_", seed, kPartnership, p);
    s.partner_key = partner_keys_[static_cast<size_t>(p)];
    s.email = "partners@" + info.domain;
    const uint64_t person = Hash(seed, kPerson, static_cast<uint64_t>(p));
    s.first_name = std::string(words::Pick(words::kFirstNames, person));
    s.last_name = std::string(words::Pick(words::kLastNames, person >> 20));
    std::string tier = info.tier;
    s.group_slug = tier;
    s.group_name =
        tier.empty() ? "" : std::string(1, static_cast<char>(tier[0] - 'a' + 'A')) + tier.substr(1);
    s.group_key = "grp_" + tier;
    s.team_key = KeyOf("team_", seed, kTeam, p);
    s.team_name = info.name;
    s.partner_type = info.partner_type;
    s.joined_ms = info.partnered_ms;
    s.created_ms = info.partnered_ms;
    s.updated_ms = std::max(info.partnered_ms, d.ModifiedMs(Entity::kAccount, info.account_row));
    partnerships_.push_back(std::move(s));
  }

  // The partner of an account: the one that sourced its first partner-sourced deal.
  std::map<int64_t, int> account_partner;
  for (int64_t row = 0; row < d.Count(Entity::kDeal); ++row) {
    if (d.Archived(Entity::kDeal, row)) continue;
    const DealRecord deal = d.Deal(row);
    if (deal.primary_partner < 0 || !deal.partner_sourced) continue;
    account_partner.emplace(deal.account_row, deal.primary_partner);
  }
  std::map<int64_t, std::string> customer_keys;  // account row -> customer_key
  for (int64_t row = 0; row < d.Count(Entity::kAccount); ++row) {
    if (d.Archived(Entity::kAccount, row)) continue;
    const AccountRecord a = d.AccountProfile(row);
    if (a.partner >= 0 || a.lifecycle != "customer") continue;
    PsCustomer c;
    c.row = row;
    c.key = KeyOf("cust_", seed, kCustomer, row);
    c.customer_key = "acct-" + std::to_string(row + 1);
    c.email = "billing@" + a.domain;
    c.name = a.name;
    auto it = account_partner.find(row);
    if (it != account_partner.end()) c.partner_key = partner_keys_[static_cast<size_t>(it->second)];
    c.created_ms = a.created_ms;
    c.updated_ms = a.modified_ms;
    customer_keys[row] = c.customer_key;
    customers_.push_back(std::move(c));
  }

  for (int64_t row = 0; row < d.Count(Entity::kDeal); ++row) {
    if (d.Archived(Entity::kDeal, row)) continue;
    const DealRecord deal = d.Deal(row);
    if (deal.primary_partner < 0 || !deal.partner_sourced) continue;
    PsDeal s;
    s.row = row;
    s.key = KeyOf("deal_", seed, kDeal, row);
    s.partner_key = partner_keys_[static_cast<size_t>(deal.primary_partner)];
    auto it = customer_keys.find(deal.account_row);
    if (it != customer_keys.end()) s.customer_key = it->second;
    s.account_name = d.AccountProfile(deal.account_row).name;
    s.stage = std::string(StageName(deal.stage));
    s.close_date = FormatDate(deal.close_date_ms);
    s.amount_cents = static_cast<int64_t>(std::llround(deal.amount * 100));
    s.created_ms = deal.created_ms;
    s.updated_ms = deal.modified_ms;
    deals_.push_back(std::move(s));
  }

  for (int64_t row = 0; row < d.Count(Entity::kLead); ++row) {
    if (d.Archived(Entity::kLead, row)) continue;
    const LeadRecord lead = d.Lead(row);
    if (lead.partner < 0) continue;
    PsLead l;
    l.row = row;
    l.key = KeyOf("lead_", seed, kLead, row);
    l.partner_key = partner_keys_[static_cast<size_t>(lead.partner)];
    l.email = lead.email;
    l.name = lead.first_name + " " + lead.last_name;
    l.company = lead.company;
    l.status = lead.status;
    l.approved = lead.is_converted;
    l.created_ms = lead.created_ms;
    l.updated_ms = lead.modified_ms;
    leads_.push_back(std::move(l));
  }
  SortForListing(partnerships_);
  SortForListing(customers_);
  SortForListing(deals_);
  SortForListing(leads_);
}

std::string PartnerStackView::PartnerKey(int index) const {
  return partner_keys_.at(static_cast<size_t>(index));
}

std::string ToJson(const PsPartnership& p) {
  JsonWriter w;
  w.BeginObject();
  Common(w, p);
  w.Key("partner_key").String(p.partner_key).Key("email").String(p.email);
  w.Key("first_name").String(p.first_name).Key("last_name").String(p.last_name);
  w.Key("joined_at").Int(p.joined_ms);
  w.Key("group").BeginObject().Key("key").String(p.group_key).Key("name").String(p.group_name);
  w.Key("slug").String(p.group_slug).Key("default").Bool(false).EndObject();
  w.Key("team").BeginObject().Key("key").String(p.team_key).Key("name").String(p.team_name);
  w.EndObject();
  w.Key("manager").Null();
  w.Key("m_data").BeginObject().EndObject();
  w.Key("stats").BeginObject().Key("customer_count").Int(0).EndObject();
  w.Key("tags").BeginArray().String(p.partner_type).EndArray();
  w.EndObject();
  return w.Take();
}

std::string ToJson(const PsCustomer& c) {
  JsonWriter w;
  w.BeginObject();
  Common(w, c);
  w.Key("customer_key").String(c.customer_key).Key("email").String(c.email);
  w.Key("name").String(c.name);
  NullableString(w, "partner_key", c.partner_key);
  w.Key("partnership_key").Null().Key("provider_key").Null();
  w.Key("source_key").Null().Key("source_type").String("api");
  w.Key("test").Bool(false);
  w.Key("field_data").BeginObject().EndObject().Key("fields").BeginArray().EndArray();
  w.Key("meta").BeginObject().EndObject();
  w.EndObject();
  return w.Take();
}

std::string ToJson(const PsDeal& s) {
  JsonWriter w;
  w.BeginObject();
  Common(w, s);
  w.Key("partner_key").String(s.partner_key);
  NullableString(w, "customer_key", s.customer_key);
  w.Key("external_key").Null();
  w.Key("account_name").String(s.account_name).Key("amount").Int(s.amount_cents);
  w.Key("stage").String(s.stage).Key("close_date").String(s.close_date);
  w.Key("lost_reason");
  if (s.stage == "closed_lost") {
    w.String("No budget");
  } else {
    w.Null();
  }
  w.Key("group_key").Null().Key("mold_key").Null().Key("source").String("partner");
  w.Key("contact_first_name").Null().Key("contact_last_name").Null();
  w.Key("field_data").BeginObject().EndObject().Key("fields").BeginArray().EndArray();
  w.Key("meta").BeginObject().EndObject();
  w.Key("team").Null().Key("team_member").Null();
  w.EndObject();
  return w.Take();
}

std::string ToJson(const PsLead& l) {
  JsonWriter w;
  w.BeginObject();
  Common(w, l);
  w.Key("partner_key").String(l.partner_key).Key("email").String(l.email);
  w.Key("name").String(l.name).Key("company").String(l.company);
  w.Key("status").String(l.status).Key("approved").Bool(l.approved);
  w.Key("amount").Null().Key("external_key").Null().Key("group_key").Null();
  w.Key("mold_key").Null();
  w.Key("field_data").BeginObject().EndObject().Key("fields").BeginArray().EndArray();
  w.Key("meta").BeginObject().EndObject();
  w.EndObject();
  return w.Take();
}

}  // namespace tempo::fakes
