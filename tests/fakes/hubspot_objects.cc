// HubSpot property tables and record rendering.
#include "fakes/hubspot_objects.h"

#include <cmath>

#include "fakes/encoding.h"

namespace tempo::fakes {
namespace {

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

using Props = std::vector<std::pair<std::string_view, HubSpotValue>>;

void ContactProps(const Dataset& d, int64_t row, Props& p) {
  const ContactRecord c = d.Contact(row);
  const AccountRecord a = d.Account(c.account_row);
  p.emplace_back("hs_object_id", std::to_string(HubSpotId(kContacts, row)));
  p.emplace_back("createdate", FormatIsoMillis(c.created_ms));
  p.emplace_back("lastmodifieddate", FormatIsoMillis(c.modified_ms));
  p.emplace_back("email", c.email);
  p.emplace_back("firstname", c.first_name);
  p.emplace_back("lastname", c.last_name);
  p.emplace_back("jobtitle", c.title);
  p.emplace_back("phone", c.phone);
  p.emplace_back("company", a.name);
  p.emplace_back("associatedcompanyid", std::to_string(HubSpotId(kCompanies, c.account_row)));
  p.emplace_back("lifecyclestage", c.lifecycle_stage);
}

void CompanyProps(const Dataset& d, int64_t row, Props& p) {
  const AccountRecord a = d.Account(row);
  p.emplace_back("hs_object_id", std::to_string(HubSpotId(kCompanies, row)));
  p.emplace_back("createdate", FormatIsoMillis(a.created_ms));
  p.emplace_back("hs_lastmodifieddate", FormatIsoMillis(a.modified_ms));
  p.emplace_back("name", a.name);
  p.emplace_back("domain", a.domain);
  p.emplace_back("website", "https://www." + a.domain);
  p.emplace_back("industry", a.industry);
  p.emplace_back("country", a.country);
  p.emplace_back("numberofemployees", std::to_string(a.employees));
  p.emplace_back("annualrevenue", std::to_string(a.annual_revenue));
  p.emplace_back("lifecyclestage", CompanyLifecycle(a.lifecycle));
  std::string type = a.lifecycle == "customer"  ? "CUSTOMER"
                     : a.lifecycle == "partner" ? "PARTNER"
                                                : "PROSPECT";
  if (a.partner >= 0 && d.Partner(a.partner).partner_type == "reseller") type = "RESELLER";
  p.emplace_back("type", type);
  if (a.partner >= 0) {
    p.emplace_back("partner_type", d.Partner(a.partner).partner_type);
    p.emplace_back("partner_tier", d.Partner(a.partner).tier);
  } else {
    p.emplace_back("partner_type", std::nullopt);
    p.emplace_back("partner_tier", std::nullopt);
  }
  // Multi-checkbox values are ';'-separated; an empty selection is "".
  std::string integrations;
  for (int i : a.integrations) {
    if (!integrations.empty()) integrations += ';';
    integrations += d.Integration(i).name;
  }
  p.emplace_back("installed_integrations", integrations);
}

void DealProps(const Dataset& d, int64_t row, Props& p) {
  const DealRecord r = d.Deal(row);
  p.emplace_back("hs_object_id", std::to_string(HubSpotId(kDeals, row)));
  p.emplace_back("createdate", FormatIsoMillis(r.created_ms));
  p.emplace_back("hs_lastmodifieddate", FormatIsoMillis(r.modified_ms));
  p.emplace_back("dealname", r.name);
  p.emplace_back("amount", Amount(r.amount));
  p.emplace_back("closedate", FormatIsoMillis(r.close_date_ms));
  p.emplace_back("dealstage", std::string(DealStageValue(r.stage)));
  p.emplace_back("pipeline", "default");
  p.emplace_back("dealtype", r.is_new_business ? "newbusiness" : "existingbusiness");
  p.emplace_back("hs_is_closed", r.is_closed ? "true" : "false");
  p.emplace_back("hs_is_closed_won", r.is_won ? "true" : "false");
  p.emplace_back("deal_source", r.lead_source);
  if (r.primary_partner >= 0) {
    const PartnerInfo& partner = d.Partner(r.primary_partner);
    p.emplace_back("partner_name", partner.name);
    p.emplace_back("partner_id", std::to_string(HubSpotId(kCompanies, partner.account_row)));
    p.emplace_back("partner_role", r.partner_sourced ? "Sourced" : "Influenced");
  } else {
    // Unset custom properties: HubSpot sends null for some and "" for others; so do we.
    p.emplace_back("partner_name", row % 2 == 0 ? HubSpotValue() : HubSpotValue(""));
    p.emplace_back("partner_id", std::nullopt);
    p.emplace_back("partner_role", std::nullopt);
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

HubSpotRecord BuildHubSpotRecord(const Dataset& dataset, const HubSpotObjectType& type,
                                 int64_t row) {
  HubSpotRecord r;
  r.id = HubSpotId(type, row);
  r.row = row;
  r.created_ms = dataset.CreatedMs(type.entity, row);
  r.modified_ms = dataset.ModifiedMs(type.entity, row);
  r.archived = dataset.Archived(type.entity, row);
  r.properties.reserve(type.properties.size());
  if (&type == &kContacts) ContactProps(dataset, row, r.properties);
  if (&type == &kCompanies) CompanyProps(dataset, row, r.properties);
  if (&type == &kDeals) DealProps(dataset, row, r.properties);
  return r;
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
