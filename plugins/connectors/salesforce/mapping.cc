// Salesforce records into canonical rows. See mapping.h; README.md lists the columns.
#include "mapping.h"

#include <optional>

#include "currency.h"
#include "soql.h"
#include "tempo/model.h"
#include "tempo/partner_roles.hpp"

namespace tempo::salesforce {
namespace {

namespace m = tempo::model;

// Column helpers. The query selects every mapped field the org shows, so a field missing from
// a record is one the org no longer shows (deleted, or hidden from the integration user since
// the last run): its column becomes NULL rather than keep a value the source no longer has.
void Text(sdk::RecordBatch& b, std::string_view column, const Record& r, std::string_view field) {
  const Value* v = r.Get(field);
  if (v == nullptr) {
    b.Null(column);
    return;
  }
  switch (v->kind) {
    case Value::kNull:
      b.Null(column);
      break;
    case Value::kBool:
      b.Str(column, v->b ? "true" : "false");
      break;
    default:
      b.StrCopy(column, v->text);
      break;
  }
}

void Number(sdk::RecordBatch& b, std::string_view column, const Record& r, std::string_view field) {
  const Value* v = r.Get(field);
  if (v == nullptr) {
    b.Null(column);
    return;
  }
  if (v->kind == Value::kNumber) {
    b.Real(column, v->num);
  } else if (v->kind == Value::kNull) {
    b.Null(column);
  } else {
    b.StrCopy(column, v->text);  // the host converts or rejects
  }
}

void Flag(sdk::RecordBatch& b, std::string_view column, const Record& r, std::string_view field) {
  const Value* v = r.Get(field);
  if (v == nullptr) {
    b.Null(column);
    return;
  }
  if (v->kind == Value::kBool) {
    b.Bool(column, v->b);
  } else if (v->kind == Value::kNull) {
    b.Null(column);
  } else {
    b.StrCopy(column, v->text);
  }
}

// A Date as is, a DateTime as ISO-8601 UTC; anything else is passed on for the host to judge.
void Time(sdk::RecordBatch& b, std::string_view column, const Record& r, std::string_view field) {
  const Value* v = r.Get(field);
  if (v == nullptr) {
    b.Null(column);
    return;
  }
  if (v->kind != Value::kString || v->text.empty()) {
    b.Null(column);
    return;
  }
  if (IsDate(v->text)) {
    b.StrCopy(column, v->text);
  } else if (std::optional<std::string> t = NormalizeDateTime(v->text)) {
    b.StrCopy(column, *t);
  } else {
    b.StrCopy(column, v->text);
  }
}

// An enumerated column: the value, or NULL when the source field is empty.
void Choice(sdk::RecordBatch& b, std::string_view column, std::string_view value) {
  if (value.empty()) {
    b.Null(column);
  } else {
    b.Str(column, value);
  }
}

// Begins the row of `entity`; false (the row is a delete, no columns follow) when deleted.
bool BeginRow(sdk::RecordBatch& b, std::string_view entity, const SourceRecord& s) {
  b.Begin(entity, b.Copy(s.id)).UpdatedAt(b.Copy(s.updated_at)).Raw(b.Copy(s.raw));
  if (s.deleted) b.Deleted();
  return !s.deleted;
}

bool Has(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace

std::string_view PartnerRoleOf(const MappingConfig& config, const Record& r) {
  if (r.True("IsPrimary")) {
    const std::string source = sdk::ToLower(r.Text("Opportunity.LeadSource"));
    for (const std::string& sourced : config.sourced_lead_sources) {
      if (!source.empty() && source == sourced) return m::opportunity_partner::role::kSourced;
    }
  }
  return sdk::MapPartnerRole(config.roles, r.Text("Role"), config.default_role);
}

std::string_view Lifecycle(const Record& r) {
  namespace lifecycle = m::account::lifecycle;
  if (r.True("IsPartner")) return lifecycle::kPartner;
  const std::string t = sdk::ToLower(r.Text("Type"));
  if (t.empty()) return {};
  if (Has(t, "partner") || Has(t, "reseller")) return lifecycle::kPartner;
  if (Has(t, "former")) return lifecycle::kFormerCustomer;
  if (Has(t, "customer")) return lifecycle::kCustomer;
  if (Has(t, "prospect")) return lifecycle::kProspect;
  return lifecycle::kOther;
}

std::string_view OppType(std::string_view type) {
  namespace opp_type = m::opportunity::opp_type;
  const std::string t = sdk::ToLower(type);
  if (t.empty()) return {};
  if (Has(t, "renewal")) return opp_type::kRenewal;
  if (Has(t, "new")) return opp_type::kNew;
  if (Has(t, "existing") || Has(t, "upgrade") || Has(t, "expansion") || Has(t, "upsell")) {
    return opp_type::kExpansion;
  }
  return opp_type::kOther;
}

bool MapAccount(const MappingConfig&, const SourceRecord& s, sdk::RecordBatch& b) {
  if (!BeginRow(b, m::kAccount, s)) return true;
  const Record& r = s.record;
  Text(b, m::account::kName, r, "Name");
  Text(b, m::account::kDomain, r, "Website");
  if (r.Get("Type") || r.Get("IsPartner")) Choice(b, m::account::kLifecycle, Lifecycle(r));
  return true;
}

bool MapContact(const MappingConfig&, const SourceRecord& s, sdk::RecordBatch& b) {
  if (!BeginRow(b, m::kContact, s)) return true;
  const Record& r = s.record;
  Text(b, m::contact::kAccountSourceId, r, "AccountId");
  Text(b, m::contact::kEmail, r, "Email");
  Text(b, m::contact::kFirstName, r, "FirstName");
  Text(b, m::contact::kLastName, r, "LastName");
  Text(b, m::contact::kTitle, r, "Title");
  Time(b, m::contact::kCreatedAt, r, "CreatedDate");
  return true;
}

// The deal's currency, and its USD value by the org's own rates when they give one (else the
// host converts: USD at 1, other currencies by store.fx_rates).
void Money(const MappingConfig& config, const Record& r, sdk::RecordBatch& b) {
  namespace opp = m::opportunity;
  const Value* amount = r.Get("Amount");
  if (amount == nullptr) return;
  std::string_view currency = r.Text("CurrencyIsoCode");
  if (r.Get("CurrencyIsoCode") != nullptr) {
    Text(b, opp::kCurrency, r, "CurrencyIsoCode");
  } else if (!config.org_currency.empty()) {
    currency = config.org_currency;
    b.StrCopy(opp::kCurrency, currency);
  }
  if (config.rates == nullptr || amount->kind != Value::kNumber || currency.empty()) return;
  std::string_view date = r.Text("CloseDate");
  if (date.empty()) date = r.Text("CreatedDate");
  if (std::optional<UsdValue> usd = config.rates->ToUsd(amount->num, currency, date)) {
    b.Real(opp::kAmountUsd, usd->amount_usd);
    b.Real(opp::kFxRate, usd->fx_rate);
    b.StrCopy(opp::kFxDate, usd->fx_date);
  }
}

bool MapOpportunity(const MappingConfig& config, const SourceRecord& s, sdk::RecordBatch& b) {
  namespace opp = m::opportunity;
  if (!BeginRow(b, m::kOpportunity, s)) return true;
  const Record& r = s.record;
  Text(b, opp::kAccountSourceId, r, "AccountId");
  Text(b, opp::kName, r, "Name");
  if (r.Get("Type")) Choice(b, opp::kOppType, OppType(r.Text("Type")));
  Number(b, opp::kAmount, r, "Amount");
  Money(config, r, b);
  Text(b, opp::kStage, r, "StageName");
  Flag(b, opp::kIsClosed, r, "IsClosed");
  Flag(b, opp::kIsWon, r, "IsWon");
  Time(b, opp::kCreatedAt, r, "CreatedDate");
  Time(b, opp::kClosedAt, r, "CloseDate");
  return true;
}

bool MapOpportunityPartner(const MappingConfig& config, const SourceRecord& s,
                           sdk::RecordBatch& b) {
  namespace op = m::opportunity_partner;
  if (!BeginRow(b, m::kOpportunityPartner, s)) return true;
  const Record& r = s.record;
  Text(b, op::kOpportunitySourceId, r, "OpportunityId");
  Text(b, op::kPartnerSourceId, r, "AccountToId");
  Text(b, op::kPartnerName, r, "AccountTo.Name");
  if (r.Get("Role") != nullptr || r.Get("Opportunity.LeadSource") != nullptr) {
    b.Str(op::kRole, PartnerRoleOf(config, r));
  }
  Flag(b, op::kIsPrimary, r, "IsPrimary");
  Time(b, op::kAttributedAt, r, "CreatedDate");
  b.Str(op::kAttributionSource, op::attribution_source::kCrmPartnerObject);
  return true;
}

bool MapPartner(const MappingConfig&, const SourceRecord& s, sdk::RecordBatch& b) {
  std::string_view to = s.record.Text("AccountToId");
  if (to.empty() || s.deleted) return false;
  b.Begin(m::kPartner, b.Copy(to)).UpdatedAt(b.Copy(s.updated_at)).Raw(b.Copy(s.raw));
  b.StrCopy(m::partner::kAccountSourceId, to);
  // The partner's own Account, when the query read it through the relationship.
  Text(b, m::partner::kName, s.record, "AccountTo.Name");
  Text(b, m::partner::kDomain, s.record, "AccountTo.Website");
  return true;
}

bool MapLead(const MappingConfig& config, const SourceRecord& s, sdk::RecordBatch& b) {
  namespace lead = m::lead;
  if (!BeginRow(b, m::kLead, s)) return true;
  const Record& r = s.record;
  Text(b, lead::kAccountSourceId, r, "ConvertedAccountId");
  Text(b, lead::kContactSourceId, r, "ConvertedContactId");
  Text(b, lead::kConvertedOpportunitySourceId, r, "ConvertedOpportunityId");
  if (!config.lead_partner_field.empty()) {
    Text(b, lead::kPartnerSourceId, r, config.lead_partner_field);
  }
  Text(b, lead::kEmail, r, "Email");
  Text(b, lead::kCompany, r, "Company");
  Text(b, lead::kStatus, r, "Status");
  Text(b, lead::kLeadSource, r, "LeadSource");
  Time(b, lead::kCreatedAt, r, "CreatedDate");
  return true;
}

bool MapCampaign(const MappingConfig& config, const SourceRecord& s, sdk::RecordBatch& b) {
  namespace campaign = m::campaign;
  if (!BeginRow(b, m::kCampaign, s)) return true;
  const Record& r = s.record;
  Text(b, campaign::kName, r, "Name");
  Text(b, campaign::kChannel, r, "Type");
  if (!config.campaign_partner_field.empty()) {
    Text(b, campaign::kPartnerSourceId, r, config.campaign_partner_field);
  }
  Time(b, campaign::kStartAt, r, "StartDate");
  Time(b, campaign::kEndAt, r, "EndDate");
  Number(b, campaign::kCostUsd, r, "ActualCost");
  return true;
}

bool MapCampaignMember(const MappingConfig&, const SourceRecord& s, sdk::RecordBatch& b) {
  namespace member = m::campaign_member;
  if (!BeginRow(b, m::kCampaignMember, s)) return true;
  const Record& r = s.record;
  Text(b, member::kCampaignSourceId, r, "CampaignId");
  Text(b, member::kLeadSourceId, r, "LeadId");
  Text(b, member::kContactSourceId, r, "ContactId");
  Flag(b, member::kResponded, r, "HasResponded");
  const Value* first = r.Get("FirstRespondedDate");
  const bool responded_at = first != nullptr && first->kind == Value::kString;
  Time(b, member::kFirstTouchAt, r, responded_at ? "FirstRespondedDate" : "CreatedDate");
  return true;
}

}  // namespace tempo::salesforce
