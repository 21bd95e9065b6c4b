// Salesforce field tables and row values.
#include "fakes/salesforce/salesforce_objects.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iterator>

#include "fakes/core/encoding.h"

namespace tempo::fakes {
namespace {

// Fields every object has.
#define TEMPO_SF_AUDIT_FIELDS                                    \
  {"IsDeleted", "boolean", ""}, {"CreatedDate", "datetime", ""}, \
      {"LastModifiedDate", "datetime", ""}, {                    \
    "SystemModstamp", "datetime", ""                             \
  }

constexpr SfFieldDef kAccountFields[] = {
    {"Id", "id", ""},
    {"Name", "string", "", kRequired},
    {"Type", "picklist", ""},
    {"Industry", "picklist", ""},
    {"Website", "url", ""},
    {"BillingCountry", "string", ""},
    {"NumberOfEmployees", "int", ""},
    {"AnnualRevenue", "currency", ""},
    {"OwnerId", "reference", "User"},
    {"ParentId", "reference", "Account"},
    {"IsPartner", "boolean", ""},
    {"Partner_Type__c", "picklist", ""},
    {"Partner_Tier__c", "picklist", ""},
    {"Installed_Integrations__c", "string", ""},  // multipicklist: ';'-separated
    TEMPO_SF_AUDIT_FIELDS};

constexpr SfFieldDef kContactFields[] = {{"Id", "id", ""},
                                         {"AccountId", "reference", "Account"},
                                         {"FirstName", "string", ""},
                                         {"LastName", "string", "", kRequired},
                                         {"Name", "string", "", kRequired},
                                         {"Email", "email", ""},
                                         {"Title", "string", ""},
                                         {"Phone", "phone", ""},
                                         {"OwnerId", "reference", "User"},
                                         TEMPO_SF_AUDIT_FIELDS};

constexpr SfFieldDef kOpportunityFields[] = {{"Id", "id", ""},
                                             {"AccountId", "reference", "Account"},
                                             {"Name", "string", "", kRequired},
                                             {"Amount", "currency", ""},
                                             {"CloseDate", "date", "", kRequired},
                                             {"StageName", "picklist", "", kRequired},
                                             {"IsClosed", "boolean", ""},
                                             {"IsWon", "boolean", ""},
                                             {"Probability", "percent", ""},
                                             {"ForecastCategoryName", "picklist", ""},
                                             {"Type", "picklist", ""},
                                             {"LeadSource", "picklist", ""},
                                             {"OwnerId", "reference", "User"},
                                             {"Partner_Attribution__c", "picklist", ""},
                                             // Multi-currency orgs only (SfMultiCurrencyField).
                                             {"CurrencyIsoCode", "picklist", ""},
                                             TEMPO_SF_AUDIT_FIELDS};

constexpr SfFieldDef kOpportunityPartnerFields[] = {
    {"Id", "id", ""},
    {"OpportunityId", "reference", "Opportunity", kRequired},
    {"AccountToId", "reference", "Account", kRequired},
    {"Role", "picklist", ""},
    {"IsPrimary", "boolean", ""},
    {"ReversePartnerId", "reference", "OpportunityPartner"},
    {"CreatedById", "reference", "User"},
    {"LastModifiedById", "reference", "User"},
    TEMPO_SF_AUDIT_FIELDS};

constexpr SfFieldDef kPartnerFields[] = {{"Id", "id", ""},
                                         {"OpportunityId", "reference", "Opportunity"},
                                         {"AccountFromId", "reference", "Account"},
                                         {"AccountToId", "reference", "Account", kRequired},
                                         {"Role", "picklist", ""},
                                         {"IsPrimary", "boolean", ""},
                                         {"ReversePartnerId", "reference", "Partner"},
                                         {"CreatedById", "reference", "User"},
                                         {"LastModifiedById", "reference", "User"},
                                         TEMPO_SF_AUDIT_FIELDS};

constexpr SfFieldDef kLeadFields[] = {{"Id", "id", ""},
                                      {"FirstName", "string", ""},
                                      {"LastName", "string", "", kRequired},
                                      {"Name", "string", "", kRequired},
                                      {"Email", "email", ""},
                                      {"Company", "string", "", kRequired},
                                      {"Website", "url", ""},
                                      {"Title", "string", ""},
                                      {"Status", "picklist", "", kRequired},
                                      {"LeadSource", "picklist", ""},
                                      {"IsConverted", "boolean", ""},
                                      {"ConvertedAccountId", "reference", "Account"},
                                      {"ConvertedDate", "date", ""},
                                      {"Referring_Partner__c", "reference", "Account"},
                                      {"OwnerId", "reference", "User"},
                                      TEMPO_SF_AUDIT_FIELDS};

constexpr SfFieldDef kCampaignFields[] = {{"Id", "id", ""},
                                          {"Name", "string", "", kRequired},
                                          {"Type", "picklist", ""},
                                          {"Status", "picklist", ""},
                                          {"StartDate", "date", ""},
                                          {"EndDate", "date", ""},
                                          {"BudgetedCost", "currency", ""},
                                          {"ActualCost", "currency", ""},
                                          {"IsActive", "boolean", ""},
                                          {"Partner_Account__c", "reference", "Account"},
                                          {"OwnerId", "reference", "User"},
                                          TEMPO_SF_AUDIT_FIELDS};

constexpr SfFieldDef kCampaignMemberFields[] = {{"Id", "id", ""},
                                                {"CampaignId", "reference", "Campaign", kRequired},
                                                {"LeadId", "reference", "Lead"},
                                                {"ContactId", "reference", "Contact"},
                                                {"Status", "picklist", ""},
                                                {"HasResponded", "boolean", ""},
                                                {"FirstRespondedDate", "date", ""},
                                                TEMPO_SF_AUDIT_FIELDS};

#undef TEMPO_SF_AUDIT_FIELDS

// The rate objects of a multi-currency org: no IsDeleted (they are not deleted, only
// deactivated or replaced).
constexpr SfFieldDef kCurrencyTypeFields[] = {{"Id", "id", ""},
                                              {"IsoCode", "picklist", "", kRequired},
                                              {"ConversionRate", "double", "", kRequired},
                                              {"DecimalPlaces", "int", "", kRequired},
                                              {"IsActive", "boolean", ""},
                                              {"IsCorporate", "boolean", ""},
                                              {"CreatedDate", "datetime", ""},
                                              {"LastModifiedDate", "datetime", ""},
                                              {"SystemModstamp", "datetime", ""}};

constexpr SfFieldDef kDatedConversionRateFields[] = {{"Id", "id", ""},
                                                     {"IsoCode", "picklist", "", kRequired},
                                                     {"ConversionRate", "double", "", kRequired},
                                                     {"StartDate", "date", "", kRequired},
                                                     {"NextStartDate", "date", ""},
                                                     {"CreatedDate", "datetime", ""},
                                                     {"LastModifiedDate", "datetime", ""},
                                                     {"SystemModstamp", "datetime", ""}};

const SfObjectDef kAccount{"Account", Entity::kAccount, "001", '0', kAccountFields};
const SfObjectDef kContact{"Contact", Entity::kContact, "003", '0', kContactFields};
const SfObjectDef kOpportunity{"Opportunity", Entity::kDeal, "006", '0', kOpportunityFields};
const SfObjectDef kOpportunityPartner{"OpportunityPartner", Entity::kDealPartner, "00I", '0',
                                      kOpportunityPartnerFields};
const SfObjectDef kPartner{"Partner", Entity::kDealPartner, "00I", '1', kPartnerFields};
const SfObjectDef kLead{"Lead", Entity::kLead, "00Q", '0', kLeadFields};
const SfObjectDef kCampaign{"Campaign", Entity::kCampaign, "701", '0', kCampaignFields};
const SfObjectDef kCampaignMember{"CampaignMember", Entity::kCampaignMember, "00v", '0',
                                  kCampaignMemberFields};
const SfObjectDef kCurrencyType{"CurrencyType",      Entity::kDeal,          "02r", '0',
                                kCurrencyTypeFields, SfRows::kCurrencyTypes, true};
const SfObjectDef kDatedConversionRate{"DatedConversionRate",      Entity::kDeal,       "04w", '0',
                                       kDatedConversionRateFields, SfRows::kDatedRates, true};
const SfObjectDef* const kAll[] = {
    &kAccount, &kContact,  &kOpportunity,    &kOpportunityPartner, &kPartner,
    &kLead,    &kCampaign, &kCampaignMember, &kCurrencyType,       &kDatedConversionRate};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// A handful of sales reps own everything.
SfValue Owner(uint64_t seed, int64_t row) {
  return SfValue::String(
      SalesforceId("005", '0', 1 + Hash(seed, 77, static_cast<uint64_t>(row)) % 8));
}

SfValue Ref(const SfObjectDef& object, int64_t row) {
  return row < 0 ? SfValue::Null() : SfValue::String(SfId(object, row));
}

SfValue Text(std::string_view s) { return SfValue::String(std::string(s)); }

std::string_view PartnerRole(std::string_view partner_type) {
  if (partner_type == "technology") return "Developer";
  if (partner_type == "reseller") return "VAR/Reseller";
  if (partner_type == "si") return "System Integrator";
  if (partner_type == "agency") return "Agency";
  return "Consultant";
}

std::string_view AccountType(const AccountRecord& a, const Dataset& d) {
  if (a.partner >= 0) {
    return d.Partner(a.partner).partner_type == "reseller" ? "Channel Partner / Reseller"
                                                           : "Technology Partner";
  }
  if (a.lifecycle == "customer") return "Customer - Direct";
  if (a.lifecycle == "former_customer") return "Other";
  return "Prospect";
}

class RowBuilder {
 public:
  RowBuilder(const SfObjectDef& object, const RecordMeta& meta)
      : object_(object), values_(object.fields.size()) {
    Set("IsDeleted", SfValue::Bool(meta.archived));
    Set("CreatedDate", SfValue::DateTime(meta.created_ms));
    Set("LastModifiedDate", SfValue::DateTime(meta.modified_ms));
    Set("SystemModstamp", SfValue::DateTime(meta.modified_ms));
    Set("Id", SfValue::String(SfId(object, meta.row)));
  }
  RowBuilder& Set(std::string_view field, SfValue value) {
    for (size_t i = 0; i < object_.fields.size(); ++i) {
      if (object_.fields[i].name == field) values_[i] = std::move(value);
    }
    return *this;
  }
  std::vector<SfValue> Take() { return std::move(values_); }

 private:
  const SfObjectDef& object_;
  std::vector<SfValue> values_;
};

std::vector<SfValue> AccountRow(const Dataset& d, int64_t row) {
  const AccountRecord a = d.Account(row);
  RowBuilder b(kAccount, a);
  std::string integrations;
  for (int i : a.integrations)
    integrations += (integrations.empty() ? "" : ";") + d.Integration(i).name;
  b.Set("Name", Text(a.name))
      .Set("Type", Text(AccountType(a, d)))
      .Set("Industry", Text(a.industry))
      .Set("Website", SfValue::String("https://www." + a.domain))
      .Set("BillingCountry", Text(a.country))
      .Set("NumberOfEmployees", SfValue::Number(static_cast<double>(a.employees)))
      .Set("AnnualRevenue", SfValue::Number(static_cast<double>(a.annual_revenue)))
      .Set("OwnerId", Owner(d.options().seed, row))
      .Set("IsPartner", SfValue::Bool(a.partner >= 0))
      .Set("Partner_Type__c",
           a.partner >= 0 ? Text(d.Partner(a.partner).partner_type) : SfValue::Null())
      .Set("Partner_Tier__c", a.partner >= 0 ? Text(d.Partner(a.partner).tier) : SfValue::Null())
      .Set("Installed_Integrations__c",
           integrations.empty() ? SfValue::Null() : SfValue::String(integrations));
  return b.Take();
}

std::vector<SfValue> ContactRow(const Dataset& d, int64_t row) {
  const ContactRecord c = d.Contact(row);
  RowBuilder b(kContact, c);
  b.Set("AccountId", Ref(kAccount, c.account_row))
      .Set("FirstName", Text(c.first_name))
      .Set("LastName", Text(c.last_name))
      .Set("Name", SfValue::String(c.first_name + " " + c.last_name))
      .Set("Email", Text(c.email))
      .Set("Title", Text(c.title))
      .Set("Phone", c.phone && !c.phone->empty() ? Text(*c.phone) : SfValue::Null())
      .Set("OwnerId", Owner(d.options().seed, c.account_row));
  return b.Take();
}

std::vector<SfValue> OpportunityRow(const Dataset& d, int64_t row) {
  const DealRecord r = d.Deal(row);
  static constexpr std::string_view kStage[] = {"Qualification",        "Needs Analysis",
                                                "Proposal/Price Quote", "Negotiation/Review",
                                                "Closed Won",           "Closed Lost"};
  static constexpr double kProbability[] = {10, 20, 75, 90, 100, 0};
  static constexpr std::string_view kForecast[] = {"Pipeline", "Pipeline", "Best Case",
                                                   "Commit",   "Closed",   "Omitted"};
  const int stage = static_cast<int>(r.stage);
  RowBuilder b(kOpportunity, r);
  b.Set("AccountId", Ref(kAccount, r.account_row))
      .Set("Name", Text(r.name))
      .Set("Amount", SfValue::Number(r.amount))
      .Set("CurrencyIsoCode", Text(r.currency))
      .Set("CloseDate", SfValue::Date(r.close_date_ms))
      .Set("StageName", Text(kStage[stage]))
      .Set("IsClosed", SfValue::Bool(r.is_closed))
      .Set("IsWon", SfValue::Bool(r.is_won))
      .Set("Probability", SfValue::Number(kProbability[stage]))
      .Set("ForecastCategoryName", Text(kForecast[stage]))
      .Set("Type", Text(r.is_new_business ? "New Customer" : "Existing Customer - Upgrade"))
      .Set("LeadSource", Text(r.lead_source))
      .Set("OwnerId", Owner(d.options().seed, r.account_row))
      .Set("Partner_Attribution__c", r.primary_partner < 0
                                         ? SfValue::Null()
                                         : Text(r.partner_sourced ? "Sourced" : "Influenced"));
  return b.Take();
}

std::vector<SfValue> PartnerRow(const Dataset& d, const SfObjectDef& object, int64_t row) {
  const DealPartnerRecord p = d.DealPartner(row);
  const PartnerInfo& partner = d.Partner(p.partner);
  RowBuilder b(object, p);
  b.Set("OpportunityId", Ref(kOpportunity, p.deal_row))
      .Set("AccountFromId", Ref(kAccount, d.Deal(p.deal_row).account_row))
      .Set("AccountToId", Ref(kAccount, partner.account_row))
      .Set("Role", Text(PartnerRole(partner.partner_type)))
      .Set("IsPrimary", SfValue::Bool(p.is_primary))
      .Set("CreatedById", Owner(d.options().seed, p.deal_row))
      .Set("LastModifiedById", Owner(d.options().seed, p.deal_row));
  return b.Take();
}

std::vector<SfValue> LeadRow(const Dataset& d, int64_t row) {
  const LeadRecord l = d.Lead(row);
  RowBuilder b(kLead, l);
  b.Set("FirstName", Text(l.first_name))
      .Set("LastName", Text(l.last_name))
      .Set("Name", SfValue::String(l.first_name + " " + l.last_name))
      .Set("Email", Text(l.email))
      .Set("Company", Text(l.company))
      .Set("Website", SfValue::String("https://www." + l.domain))
      .Set("Title", Text(l.title))
      .Set("Status", Text(l.status))
      .Set("LeadSource", Text(l.lead_source))
      .Set("IsConverted", SfValue::Bool(l.is_converted))
      .Set("ConvertedAccountId", l.is_converted ? Ref(kAccount, l.account_row) : SfValue::Null())
      .Set("ConvertedDate", l.is_converted
                                ? SfValue::Date(l.modified_ms - l.modified_ms % 86'400'000)
                                : SfValue::Null())
      .Set("Referring_Partner__c",
           l.partner >= 0 ? Ref(kAccount, d.Partner(l.partner).account_row) : SfValue::Null())
      .Set("OwnerId", Owner(d.options().seed, row));
  return b.Take();
}

std::vector<SfValue> CampaignRow(const Dataset& d, int64_t row) {
  const CampaignRecord c = d.Campaign(row);
  RowBuilder b(kCampaign, c);
  b.Set("Name", Text(c.name))
      .Set("Type", Text(c.type))
      .Set("Status", Text(c.status))
      .Set("StartDate", SfValue::Date(c.start_ms))
      .Set("EndDate", SfValue::Date(c.end_ms))
      .Set("BudgetedCost", SfValue::Number(c.budgeted_cost))
      .Set("ActualCost", c.status == "Planned" ? SfValue::Null() : SfValue::Number(c.actual_cost))
      .Set("IsActive", SfValue::Bool(c.status == "In Progress"))
      .Set("Partner_Account__c",
           c.partner >= 0 ? Ref(kAccount, d.Partner(c.partner).account_row) : SfValue::Null())
      .Set("OwnerId", Owner(d.options().seed, row));
  return b.Take();
}

std::vector<SfValue> CampaignMemberRow(const Dataset& d, int64_t row) {
  const CampaignMemberRecord m = d.CampaignMember(row);
  RowBuilder b(kCampaignMember, m);
  b.Set("CampaignId", Ref(kCampaign, m.campaign_row))
      .Set("LeadId", Ref(kLead, m.lead_row))
      .Set("Status", Text(m.status))
      .Set("HasResponded", SfValue::Bool(m.responded))
      .Set("FirstRespondedDate",
           m.responded ? SfValue::Date(m.created_ms - m.created_ms % 86'400'000) : SfValue::Null());
  return b.Take();
}

// The org's currencies: the corporate USD first, then those of the dataset's rates.
std::vector<std::string_view> OrgCurrencies(const Dataset& d) {
  std::vector<std::string_view> out;
  if (!d.options().currencies) return out;
  out.push_back("USD");
  for (const FxRate& r : d.FxRates()) {
    if (out.back() != r.currency) out.push_back(r.currency);
  }
  return out;
}

// Salesforce's rates are units of the currency per unit of the corporate currency (USD).
double ConversionRate(double usd_per_unit) { return std::round(1e6 / usd_per_unit) / 1e6; }

std::vector<SfValue> CurrencyTypeRow(const Dataset& d, int64_t row) {
  const std::vector<std::string_view> currencies = OrgCurrencies(d);
  const std::string_view code = currencies[row];
  const int64_t created = d.FxRates().empty() ? d.options().as_of_ms : d.FxRates()[0].from_ms;
  RecordMeta meta;
  meta.row = row;
  meta.created_ms = meta.modified_ms = created;
  RowBuilder b(kCurrencyType, meta);
  // The static rate: the latest one.
  b.Set("IsoCode", Text(code))
      .Set("ConversionRate",
           SfValue::Number(row == 0 ? 1.0
                                    : ConversionRate(d.UsdPerUnit(code, d.options().as_of_ms))))
      .Set("DecimalPlaces", SfValue::Number(code == "JPY" ? 0 : 2))
      .Set("IsActive", SfValue::Bool(true))
      .Set("IsCorporate", SfValue::Bool(row == 0));
  return b.Take();
}

std::vector<SfValue> DatedRateRow(const Dataset& d, int64_t row) {
  const std::span<const FxRate> rates = d.FxRates();
  const FxRate& rate = rates[row];
  RecordMeta meta;
  meta.row = row;
  meta.created_ms = meta.modified_ms = rate.from_ms;
  RowBuilder b(kDatedConversionRate, meta);
  const bool last =
      static_cast<size_t>(row) + 1 == rates.size() || rates[row + 1].currency != rate.currency;
  b.Set("IsoCode", Text(rate.currency))
      .Set("ConversionRate", SfValue::Number(ConversionRate(rate.usd_per_unit)))
      .Set("StartDate", SfValue::Date(rate.from_ms))
      .Set("NextStartDate", last ? SfValue::Null() : SfValue::Date(rates[row + 1].from_ms));
  return b.Take();
}

}  // namespace

int64_t SfRowCount(const Dataset& dataset, const SfObjectDef& object) {
  switch (object.rows) {
    case SfRows::kCurrencyTypes:
      return static_cast<int64_t>(OrgCurrencies(dataset).size());
    case SfRows::kDatedRates:
      return static_cast<int64_t>(dataset.FxRates().size());
    case SfRows::kDataset:
      break;
  }
  return dataset.Count(object.entity);
}

bool SfMultiCurrencyField(const SfFieldDef& field) { return field.name == "CurrencyIsoCode"; }

std::string SfRelationshipName(const SfFieldDef& field) {
  if (field.name.ends_with("__c")) {
    return std::string(field.name.substr(0, field.name.size() - 1)) + "r";
  }
  return std::string(field.name.substr(0, field.name.size() - 2));  // "...Id"
}

const SfObjectDef* FindSfObject(std::string_view name) {
  for (const SfObjectDef* o : kAll) {
    if (EqualsIgnoreCase(o->name, name)) return o;
  }
  return nullptr;
}

std::span<const SfObjectDef* const> AllSfObjects() { return kAll; }

int SfFieldIndex(const SfObjectDef& object, std::string_view field) {
  for (size_t i = 0; i < object.fields.size(); ++i) {
    if (EqualsIgnoreCase(object.fields[i].name, field)) return static_cast<int>(i);
  }
  return -1;
}

bool SfSystemField(const SfFieldDef& field) {
  constexpr std::string_view kSystem[] = {"Id",
                                          "IsDeleted",
                                          "CreatedDate",
                                          "CreatedById",
                                          "LastModifiedDate",
                                          "LastModifiedById",
                                          "SystemModstamp",
                                          "OwnerId"};
  return std::find(std::begin(kSystem), std::end(kSystem), field.name) != std::end(kSystem);
}

bool SfPermissionable(const SfFieldDef& field) { return !field.required && !SfSystemField(field); }

bool SfNillable(const SfFieldDef& field) {
  return SfPermissionable(field) && field.type != "boolean";
}

std::string SfId(const SfObjectDef& object, int64_t row) {
  return SalesforceId(object.key_prefix, object.id_tag, static_cast<uint64_t>(row) + 1);
}

std::optional<int64_t> SfRow(const SfObjectDef& object, std::string_view id) {
  std::optional<uint64_t> n = SalesforceIdNumber(id, object.key_prefix, object.id_tag);
  if (!n || *n == 0) return std::nullopt;
  return static_cast<int64_t>(*n - 1);
}

std::vector<SfValue> BuildSfRow(const Dataset& dataset, const SfObjectDef& object, int64_t row) {
  if (&object == &kAccount) return AccountRow(dataset, row);
  if (&object == &kContact) return ContactRow(dataset, row);
  if (&object == &kOpportunity) return OpportunityRow(dataset, row);
  if (&object == &kOpportunityPartner || &object == &kPartner)
    return PartnerRow(dataset, object, row);
  if (&object == &kLead) return LeadRow(dataset, row);
  if (&object == &kCampaign) return CampaignRow(dataset, row);
  if (&object == &kCurrencyType) return CurrencyTypeRow(dataset, row);
  if (&object == &kDatedConversionRate) return DatedRateRow(dataset, row);
  return CampaignMemberRow(dataset, row);
}

std::optional<SfValue> SfCheapField(const Dataset& dataset, const SfObjectDef& object, int64_t row,
                                    int field) {
  const std::string_view name = object.fields[field].name;
  if (name == "Id") return SfValue::String(SfId(object, row));
  if (object.rows != SfRows::kDataset) return std::nullopt;
  if (name == "IsDeleted") return SfValue::Bool(dataset.Archived(object.entity, row));
  if (name == "SystemModstamp" || name == "LastModifiedDate") {
    return SfValue::DateTime(dataset.ModifiedMs(object.entity, row));
  }
  if (name == "CreatedDate") return SfValue::DateTime(dataset.CreatedMs(object.entity, row));
  return std::nullopt;
}

}  // namespace tempo::fakes
