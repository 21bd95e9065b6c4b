// HubSpot property tables and record rendering.
#include "fakes/hubspot/hubspot_objects.h"

#include <cassert>
#include <cmath>

#include "fakes/core/encoding.h"

namespace tempo::fakes {
namespace {

// About one contact in four is rendered as by an encoder that escapes all non-ASCII.
constexpr uint64_t kEscapeSalt = 0x75786573;  // "uxes"
constexpr uint64_t kEscapedOneIn = 4;

constexpr HubSpotPropertyDef kContactProperties[] = {
    {"hs_object_id", "number", "number", "Record ID"},
    {"createdate", "datetime", "date", "Create Date"},
    {"lastmodifieddate", "datetime", "date", "Last Modified Date"},
    {"email", "string", "text", "Email"},
    {"firstname", "string", "text", "First Name"},
    {"lastname", "string", "text", "Last Name"},
    {"jobtitle", "string", "text", "Job Title"},
    {"phone", "string", "text", "Phone Number"},
    {"company", "string", "text", "Company Name"},
    {"associatedcompanyid", "number", "number", "Primary Associated Company ID"},
    {"lifecyclestage", "enumeration", "radio", "Lifecycle Stage"},
    {"mobilephone", "string", "phonenumber", "Mobile Phone Number"},
    {"address", "string", "text", "Street Address"},
    {"city", "string", "text", "City"},
    {"state", "string", "text", "State/Region"},
    {"zip", "string", "text", "Postal Code"},
    {"country", "string", "text", "Country/Region"},
    {"website", "string", "text", "Website URL"},
    {"industry", "string", "text", "Industry"},
    {"annualrevenue", "string", "text", "Annual Revenue"},
    {"hs_lead_status", "enumeration", "radio", "Lead Status"},
};
constexpr std::string_view kContactDefaults[] = {
    "createdate", "email", "firstname", "lastname", "lastmodifieddate", "hs_object_id"};

constexpr HubSpotPropertyDef kCompanyProperties[] = {
    {"hs_object_id", "number", "number", "Record ID"},
    {"createdate", "datetime", "date", "Create Date"},
    {"hs_lastmodifieddate", "datetime", "date", "Last Modified Date"},
    {"name", "string", "text", "Company name"},
    {"domain", "string", "text", "Company Domain Name"},
    {"website", "string", "text", "Website URL"},
    {"industry", "enumeration", "select", "Industry"},
    {"country", "string", "text", "Country/Region"},
    {"numberofemployees", "number", "number", "Number of Employees"},
    {"annualrevenue", "number", "number", "Annual Revenue"},
    {"lifecyclestage", "enumeration", "radio", "Lifecycle Stage"},
    {"type", "enumeration", "select", "Type"},
    {"partner_type", "enumeration", "select", "Partner Type"},
    {"partner_tier", "enumeration", "select", "Partner Tier"},
    {"installed_integrations", "enumeration", "checkbox", "Installed Integrations"},
};
constexpr std::string_view kCompanyDefaults[] = {"name", "domain", "createdate",
                                                 "hs_lastmodifieddate", "hs_object_id"};

constexpr HubSpotPropertyDef kDealProperties[] = {
    {"hs_object_id", "number", "number", "Record ID"},
    {"createdate", "datetime", "date", "Create Date"},
    {"hs_lastmodifieddate", "datetime", "date", "Last Modified Date"},
    {"dealname", "string", "text", "Deal Name"},
    {"amount", "number", "number", "Amount"},
    {"closedate", "datetime", "date", "Close Date"},
    {"dealstage", "enumeration", "radio", "Deal Stage"},
    {"pipeline", "enumeration", "select", "Pipeline"},
    {"dealtype", "enumeration", "radio", "Deal Type"},
    {"hs_is_closed", "bool", "booleancheckbox", "Is Deal Closed?"},
    {"hs_is_closed_won", "bool", "booleancheckbox", "Is Closed Won"},
    {"deal_source", "enumeration", "select", "Deal Source"},
    {"partner_name", "string", "text", "Partner Name"},
    {"partner_id", "string", "text", "Partner Company ID"},
    {"partner_role", "enumeration", "select", "Partner Role"},
    {"deal_currency_code", "enumeration", "select", "Currency"},
};
constexpr std::string_view kDealDefaults[] = {
    "dealname", "amount",     "closedate",           "dealstage",
    "pipeline", "createdate", "hs_lastmodifieddate", "hs_object_id"};

const HubSpotObjectType kContacts{"contacts",         Entity::kContact,   1'000'001,
                                  "lastmodifieddate", kContactProperties, kContactDefaults};
const HubSpotObjectType kCompanies{"companies",           Entity::kAccount,   5'790'000'001,
                                   "hs_lastmodifieddate", kCompanyProperties, kCompanyDefaults};
const HubSpotObjectType kDeals{"deals",         Entity::kDeal, 8'913'000'001, "hs_lastmodifieddate",
                               kDealProperties, kDealDefaults};

std::string Amount(double value) {
  // HubSpot echoes numbers as typed: "15000" or "15000.5".
  if (value == std::floor(value)) return std::to_string(static_cast<int64_t>(value));
  std::string s = std::to_string(value);
  while (!s.empty() && s.back() == '0') s.pop_back();
  return s;
}

std::string_view DealStageValue(DealStage stage) {
  switch (stage) {
    case DealStage::kQualification:
      return "appointmentscheduled";
    case DealStage::kDiscovery:
      return "qualifiedtobuy";
    case DealStage::kProposal:
      return "presentationscheduled";
    case DealStage::kNegotiation:
      return "contractsent";
    case DealStage::kClosedWon:
      return "closedwon";
    case DealStage::kClosedLost:
      return "closedlost";
  }
  return "appointmentscheduled";
}

std::string CompanyLifecycle(std::string_view lifecycle) {
  if (lifecycle == "customer") return "customer";
  if (lifecycle == "partner") return "evangelist";
  if (lifecycle == "former_customer") return "other";
  return "opportunity";
}

// Writes a record's values in definition order into its (reused) property slots: each call
// fills the next slot, whose name must be the one given (the tables above and these functions
// list the properties in the same order).
class Values {
 public:
  explicit Values(std::vector<std::pair<std::string_view, HubSpotValue>>& slots) : slots_(slots) {}

  void Text(std::string_view name, std::string_view value) {
    HubSpotValue& slot = Next(name);
    if (slot) {
      slot->assign(value);
    } else {
      slot.emplace(value);
    }
  }
  void MaybeText(std::string_view name, const std::optional<std::string>& value) {
    if (value) {
      Text(name, *value);
    } else {
      Null(name);
    }
  }
  void Null(std::string_view name) { Next(name).reset(); }
  void Int(std::string_view name, int64_t value) { AppendDecimal(Cleared(name), value); }
  void IsoMillis(std::string_view name, int64_t ms) { AppendIsoMillis(Cleared(name), ms); }

 private:
  HubSpotValue& Next(std::string_view name) {
    assert(next_ < slots_.size() && slots_[next_].first == name);
    (void)name;
    return slots_[next_++].second;
  }
  std::string& Cleared(std::string_view name) {
    HubSpotValue& slot = Next(name);
    if (!slot) slot.emplace();
    slot->clear();
    return *slot;
  }

  std::vector<std::pair<std::string_view, HubSpotValue>>& slots_;
  size_t next_ = 0;
};

void ContactProps(const ContactRecord& c, Values& v) {
  v.Int("hs_object_id", HubSpotId(kContacts, c.row));
  v.IsoMillis("createdate", c.created_ms);
  v.IsoMillis("lastmodifieddate", c.modified_ms);
  v.Text("email", c.email);
  v.Text("firstname", c.first_name);
  v.Text("lastname", c.last_name);
  v.Text("jobtitle", c.title);
  v.MaybeText("phone", c.phone);
  v.Text("company", c.company);
  v.Int("associatedcompanyid", HubSpotId(kCompanies, c.account_row));
  v.Text("lifecyclestage", c.lifecycle_stage);
  v.MaybeText("mobilephone", c.mobile_phone);
  v.MaybeText("address", c.street);
  v.MaybeText("city", c.city);
  v.MaybeText("state", c.state);
  v.MaybeText("zip", c.postal_code);
  v.MaybeText("country", c.country);
  v.MaybeText("website", c.website);
  v.MaybeText("industry", c.industry);
  if (c.annual_revenue) {
    v.Int("annualrevenue", *c.annual_revenue);
  } else {
    v.Null("annualrevenue");
  }
  v.MaybeText("hs_lead_status", c.lead_status);
}

void CompanyProps(const Dataset& d, int64_t row, Values& v) {
  const AccountRecord a = d.Account(row);
  v.Int("hs_object_id", HubSpotId(kCompanies, row));
  v.IsoMillis("createdate", a.created_ms);
  v.IsoMillis("hs_lastmodifieddate", a.modified_ms);
  v.Text("name", a.name);
  v.Text("domain", a.domain);
  v.Text("website", "https://www." + a.domain);
  v.Text("industry", a.industry);
  v.Text("country", a.country);
  v.Int("numberofemployees", a.employees);
  v.Int("annualrevenue", a.annual_revenue);
  v.Text("lifecyclestage", CompanyLifecycle(a.lifecycle));
  std::string type = a.lifecycle == "customer"  ? "CUSTOMER"
                     : a.lifecycle == "partner" ? "PARTNER"
                                                : "PROSPECT";
  if (a.partner >= 0 && d.Partner(a.partner).partner_type == "reseller") type = "RESELLER";
  v.Text("type", type);
  if (a.partner >= 0) {
    v.Text("partner_type", d.Partner(a.partner).partner_type);
    v.Text("partner_tier", d.Partner(a.partner).tier);
  } else {
    v.Null("partner_type");
    v.Null("partner_tier");
  }
  // Multi-checkbox values are ';'-separated; an empty selection is "".
  std::string integrations;
  for (int i : a.integrations) {
    if (!integrations.empty()) integrations += ';';
    integrations += d.Integration(i).name;
  }
  v.Text("installed_integrations", integrations);
}

void DealProps(const Dataset& d, int64_t row, Values& v) {
  const DealRecord r = d.Deal(row);
  v.Int("hs_object_id", HubSpotId(kDeals, row));
  v.IsoMillis("createdate", r.created_ms);
  v.IsoMillis("hs_lastmodifieddate", r.modified_ms);
  v.Text("dealname", r.name);
  v.Text("amount", Amount(r.amount));
  v.IsoMillis("closedate", r.close_date_ms);
  v.Text("dealstage", DealStageValue(r.stage));
  v.Text("pipeline", "default");
  v.Text("dealtype", r.is_new_business ? "newbusiness" : "existingbusiness");
  v.Text("hs_is_closed", r.is_closed ? "true" : "false");
  v.Text("hs_is_closed_won", r.is_won ? "true" : "false");
  v.Text("deal_source", r.lead_source);
  if (r.primary_partner >= 0) {
    const PartnerInfo& partner = d.Partner(r.primary_partner);
    v.Text("partner_name", partner.name);
    v.Int("partner_id", HubSpotId(kCompanies, partner.account_row));
    v.Text("partner_role", r.partner_sourced ? "Sourced" : "Influenced");
  } else {
    // Unset custom properties: HubSpot sends null for some and "" for others; so do we.
    if (row % 2 == 0) {
      v.Null("partner_name");
    } else {
      v.Text("partner_name", "");
    }
    v.Null("partner_id");
    v.Null("partner_role");
  }
  // Only an account with several currencies sets it; amounts without one are in the company
  // currency (USD).
  if (d.options().currencies) {
    v.Text("deal_currency_code", r.currency);
  } else {
    v.Null("deal_currency_code");
  }
}

}  // namespace

const HubSpotObjectType* FindHubSpotObjectType(std::string_view name) {
  for (const HubSpotObjectType* t : {&kContacts, &kCompanies, &kDeals}) {
    if (t->name == name) return t;
  }
  return nullptr;
}
const HubSpotObjectType& HubSpotContacts() { return kContacts; }
const HubSpotObjectType& HubSpotCompanies() { return kCompanies; }
const HubSpotObjectType& HubSpotDeals() { return kDeals; }

std::optional<int64_t> HubSpotRow(const HubSpotObjectType& type, int64_t id, int64_t count) {
  const int64_t row = id - type.id_base;
  if (row < 0 || row >= count) return std::nullopt;
  return row;
}

const HubSpotValue* HubSpotRecord::Find(std::string_view name) const {
  for (const auto& [key, value] : properties) {
    if (key == name) return &value;
  }
  return nullptr;
}

HubSpotRecordBuilder::HubSpotRecordBuilder(const Dataset& dataset, const HubSpotObjectType& type)
    : dataset_(dataset), type_(type) {
  record_.properties.reserve(type.properties.size());
  for (const HubSpotPropertyDef& def : type.properties) {
    record_.properties.emplace_back(def.name, std::nullopt);
  }
}

const HubSpotRecord& HubSpotRecordBuilder::Build(int64_t row) {
  HubSpotRecord& r = record_;
  r.id = HubSpotId(type_, row);
  r.row = row;
  r.created_ms = dataset_.CreatedMs(type_.entity, row);
  r.modified_ms = dataset_.ModifiedMs(type_.entity, row);
  r.archived = dataset_.Archived(type_.entity, row);
  r.escape_non_ascii = false;
  Values values(r.properties);
  if (&type_ == &kContacts) {
    dataset_.Contact(row, contact_);
    ContactProps(contact_, values);
    r.escape_non_ascii =
        Hash(dataset_.options().seed, kEscapeSalt, static_cast<uint64_t>(row)) % kEscapedOneIn == 0;
  } else if (&type_ == &kCompanies) {
    CompanyProps(dataset_, row, values);
  } else if (&type_ == &kDeals) {
    DealProps(dataset_, row, values);
  }
  return r;
}

HubSpotRecord BuildHubSpotRecord(const Dataset& dataset, const HubSpotObjectType& type,
                                 int64_t row) {
  HubSpotRecordBuilder builder(dataset, type);
  return builder.Build(row);
}

std::vector<HubSpotAssociation> HubSpotAssociations(const Dataset& dataset,
                                                    const HubSpotObjectType& from, int64_t row,
                                                    std::string_view to_type) {
  std::vector<HubSpotAssociation> out;
  if (&from == &kDeals && to_type == "companies") {
    const DealRecord deal = dataset.Deal(row);
    const int64_t company = HubSpotId(kCompanies, deal.account_row);
    out.push_back({company, "deal_to_company"});
    out.push_back({company, "deal_to_company_unlabeled"});
    for (int64_t partner_row : deal.partner_rows) {
      const DealPartnerRecord dp = dataset.DealPartner(partner_row);
      const int64_t partner = HubSpotId(kCompanies, dataset.Partner(dp.partner).account_row);
      out.push_back({partner, "partner"});
      out.push_back({partner, "deal_to_company_unlabeled"});
    }
  } else if (&from == &kDeals && to_type == "contacts") {
    for (int64_t contact : dataset.ContactsOf(dataset.Deal(row).account_row, 3)) {
      out.push_back({HubSpotId(kContacts, contact), "deal_to_contact"});
    }
  } else if (&from == &kContacts && to_type == "companies") {
    const int64_t company = HubSpotId(kCompanies, dataset.Contact(row).account_row);
    out.push_back({company, "contact_to_company"});
    out.push_back({company, "contact_to_company_unlabeled"});
  } else if (&from == &kCompanies && to_type == "contacts") {
    for (int64_t contact : dataset.ContactsOf(row, 100)) {
      out.push_back({HubSpotId(kContacts, contact), "company_to_contact"});
    }
  }
  return out;
}

}  // namespace tempo::fakes
