// tempo/model.h: the canonical model's names (entities, columns, allowed values) as constants,
// so a connector that writes `batch.Begin(model::kContact, id).Str(model::contact::kEmail, v)`
// gets a compile error, not a runtime reject, for a misspelt name. The store's schema
// (host/store/schema.cc) is the source; tests/unit/store/model_test.cc checks that this header
// and it name exactly the same tables, columns and values. docs/store-schema.md describes them.
// Part of the connector kit: plain constants, C++17.
#ifndef TEMPO_MODEL_H_
#define TEMPO_MODEL_H_

#include <string_view>

namespace tempo::model {

// partner
inline constexpr std::string_view kPartner = "partner";
namespace partner {
inline constexpr std::string_view kName = "name";
inline constexpr std::string_view kDomain = "domain";
inline constexpr std::string_view kPartnerType = "partner_type";
inline constexpr std::string_view kTier = "tier";
inline constexpr std::string_view kStatus = "status";
inline constexpr std::string_view kPartneredAt = "partnered_at";
inline constexpr std::string_view kAccountSourceId = "account_source_id";
// Every column, in table order.
inline constexpr std::string_view kColumns[] = {kName,   kDomain,      kPartnerType,    kTier,
                                                kStatus, kPartneredAt, kAccountSourceId};
// Allowed values of partner_type.
namespace partner_type {
inline constexpr std::string_view kTechnology = "technology";
inline constexpr std::string_view kReseller = "reseller";
inline constexpr std::string_view kSi = "si";
inline constexpr std::string_view kReferral = "referral";
inline constexpr std::string_view kAgency = "agency";
inline constexpr std::string_view kMarketplace = "marketplace";
inline constexpr std::string_view kOther = "other";
inline constexpr std::string_view kValues[] = {kTechnology, kReseller,    kSi,   kReferral,
                                               kAgency,     kMarketplace, kOther};
}  // namespace partner_type
}  // namespace partner

// account
inline constexpr std::string_view kAccount = "account";
namespace account {
inline constexpr std::string_view kName = "name";
inline constexpr std::string_view kDomain = "domain";
inline constexpr std::string_view kLifecycle = "lifecycle";
inline constexpr std::string_view kCustomerSince = "customer_since";
inline constexpr std::string_view kChurnedAt = "churned_at";
inline constexpr std::string_view kArrUsd = "arr_usd";
inline constexpr std::string_view kSegment = "segment";
inline constexpr std::string_view kIcpFit = "icp_fit";
// Every column, in table order.
inline constexpr std::string_view kColumns[] = {kName,      kDomain, kLifecycle, kCustomerSince,
                                                kChurnedAt, kArrUsd, kSegment,   kIcpFit};
// Allowed values of lifecycle.
namespace lifecycle {
inline constexpr std::string_view kProspect = "prospect";
inline constexpr std::string_view kCustomer = "customer";
inline constexpr std::string_view kFormerCustomer = "former_customer";
inline constexpr std::string_view kPartner = "partner";
inline constexpr std::string_view kOther = "other";
inline constexpr std::string_view kValues[] = {kProspect, kCustomer, kFormerCustomer, kPartner,
                                               kOther};
}  // namespace lifecycle
}  // namespace account

// contact
inline constexpr std::string_view kContact = "contact";
namespace contact {
inline constexpr std::string_view kAccountSourceId = "account_source_id";
inline constexpr std::string_view kEmail = "email";
inline constexpr std::string_view kFirstName = "first_name";
inline constexpr std::string_view kLastName = "last_name";
inline constexpr std::string_view kTitle = "title";
inline constexpr std::string_view kCreatedAt = "created_at";
// Every column, in table order.
inline constexpr std::string_view kColumns[] = {kAccountSourceId, kEmail, kFirstName,
                                                kLastName,        kTitle, kCreatedAt};
}  // namespace contact

// opportunity
inline constexpr std::string_view kOpportunity = "opportunity";
namespace opportunity {
inline constexpr std::string_view kAccountSourceId = "account_source_id";
inline constexpr std::string_view kName = "name";
inline constexpr std::string_view kOppType = "opp_type";
inline constexpr std::string_view kAmount = "amount";
inline constexpr std::string_view kCurrency = "currency";
inline constexpr std::string_view kAmountUsd = "amount_usd";
inline constexpr std::string_view kFxRate = "fx_rate";
inline constexpr std::string_view kFxDate = "fx_date";
inline constexpr std::string_view kStage = "stage";
inline constexpr std::string_view kIsClosed = "is_closed";
inline constexpr std::string_view kIsWon = "is_won";
inline constexpr std::string_view kCreatedAt = "created_at";
inline constexpr std::string_view kClosedAt = "closed_at";
// Every column, in table order.
inline constexpr std::string_view kColumns[] = {
    kAccountSourceId, kName,  kOppType,  kAmount, kCurrency,  kAmountUsd, kFxRate,
    kFxDate,          kStage, kIsClosed, kIsWon,  kCreatedAt, kClosedAt};
// Allowed values of opp_type.
namespace opp_type {
inline constexpr std::string_view kNew = "new";
inline constexpr std::string_view kExpansion = "expansion";
inline constexpr std::string_view kRenewal = "renewal";
inline constexpr std::string_view kOther = "other";
inline constexpr std::string_view kValues[] = {kNew, kExpansion, kRenewal, kOther};
}  // namespace opp_type
}  // namespace opportunity

// opportunity_partner
inline constexpr std::string_view kOpportunityPartner = "opportunity_partner";
namespace opportunity_partner {
inline constexpr std::string_view kOpportunitySourceId = "opportunity_source_id";
inline constexpr std::string_view kPartnerSourceId = "partner_source_id";
inline constexpr std::string_view kPartnerName = "partner_name";
inline constexpr std::string_view kRole = "role";
inline constexpr std::string_view kIsPrimary = "is_primary";
inline constexpr std::string_view kRevSharePct = "rev_share_pct";
inline constexpr std::string_view kAttributedAt = "attributed_at";
inline constexpr std::string_view kAttributionSource = "attribution_source";
// Every column, in table order.
inline constexpr std::string_view kColumns[] = {
    kOpportunitySourceId, kPartnerSourceId, kPartnerName,  kRole,
    kIsPrimary,           kRevSharePct,     kAttributedAt, kAttributionSource};
// Allowed values of role.
namespace role {
inline constexpr std::string_view kSourced = "sourced";
inline constexpr std::string_view kInfluenced = "influenced";
inline constexpr std::string_view kCoSell = "co_sell";
inline constexpr std::string_view kResell = "resell";
inline constexpr std::string_view kImplementation = "implementation";
inline constexpr std::string_view kReferral = "referral";
inline constexpr std::string_view kValues[] = {kSourced, kInfluenced,     kCoSell,
                                               kResell,  kImplementation, kReferral};
}  // namespace role
// Allowed values of attribution_source.
namespace attribution_source {
inline constexpr std::string_view kCrmPartnerObject = "crm_partner_object";
inline constexpr std::string_view kCrmField = "crm_field";
inline constexpr std::string_view kCrossbeam = "crossbeam";
inline constexpr std::string_view kReveal = "reveal";
inline constexpr std::string_view kPrm = "prm";
inline constexpr std::string_view kManual = "manual";
inline constexpr std::string_view kValues[] = {kCrmPartnerObject, kCrmField, kCrossbeam,
                                               kReveal,           kPrm,      kManual};
}  // namespace attribution_source
}  // namespace opportunity_partner

// campaign
inline constexpr std::string_view kCampaign = "campaign";
namespace campaign {
inline constexpr std::string_view kName = "name";
inline constexpr std::string_view kChannel = "channel";
inline constexpr std::string_view kPartnerSourceId = "partner_source_id";
inline constexpr std::string_view kStartAt = "start_at";
inline constexpr std::string_view kEndAt = "end_at";
inline constexpr std::string_view kCostUsd = "cost_usd";
// Every column, in table order.
inline constexpr std::string_view kColumns[] = {kName,    kChannel, kPartnerSourceId,
                                                kStartAt, kEndAt,   kCostUsd};
}  // namespace campaign

// campaign_member
inline constexpr std::string_view kCampaignMember = "campaign_member";
namespace campaign_member {
inline constexpr std::string_view kCampaignSourceId = "campaign_source_id";
inline constexpr std::string_view kLeadSourceId = "lead_source_id";
inline constexpr std::string_view kContactSourceId = "contact_source_id";
inline constexpr std::string_view kFirstTouchAt = "first_touch_at";
inline constexpr std::string_view kResponded = "responded";
// Every column, in table order.
inline constexpr std::string_view kColumns[] = {kCampaignSourceId, kLeadSourceId, kContactSourceId,
                                                kFirstTouchAt, kResponded};
}  // namespace campaign_member

// lead
inline constexpr std::string_view kLead = "lead";
namespace lead {
inline constexpr std::string_view kContactSourceId = "contact_source_id";
inline constexpr std::string_view kAccountSourceId = "account_source_id";
inline constexpr std::string_view kPartnerSourceId = "partner_source_id";
inline constexpr std::string_view kCampaignSourceId = "campaign_source_id";
inline constexpr std::string_view kConvertedOpportunitySourceId = "converted_opportunity_source_id";
inline constexpr std::string_view kEmail = "email";
inline constexpr std::string_view kCompany = "company";
inline constexpr std::string_view kStatus = "status";
inline constexpr std::string_view kLeadSource = "lead_source";
inline constexpr std::string_view kUtmSource = "utm_source";
inline constexpr std::string_view kCreatedAt = "created_at";
inline constexpr std::string_view kMqlAt = "mql_at";
inline constexpr std::string_view kSqlAt = "sql_at";
inline constexpr std::string_view kFirstResponseAt = "first_response_at";
inline constexpr std::string_view kEqlBasis = "eql_basis";
// Every column, in table order.
inline constexpr std::string_view kColumns[] = {kContactSourceId,
                                                kAccountSourceId,
                                                kPartnerSourceId,
                                                kCampaignSourceId,
                                                kConvertedOpportunitySourceId,
                                                kEmail,
                                                kCompany,
                                                kStatus,
                                                kLeadSource,
                                                kUtmSource,
                                                kCreatedAt,
                                                kMqlAt,
                                                kSqlAt,
                                                kFirstResponseAt,
                                                kEqlBasis};
// Allowed values of eql_basis.
namespace eql_basis {
inline constexpr std::string_view kPartnerReferred = "partner_referred";
inline constexpr std::string_view kOverlapQualified = "overlap_qualified";
inline constexpr std::string_view kValues[] = {kPartnerReferred, kOverlapQualified};
}  // namespace eql_basis
}  // namespace lead

// integration
inline constexpr std::string_view kIntegration = "integration";
namespace integration {
inline constexpr std::string_view kPartnerSourceId = "partner_source_id";
inline constexpr std::string_view kName = "name";
inline constexpr std::string_view kStatus = "status";
inline constexpr std::string_view kReleasedAt = "released_at";
// Every column, in table order.
inline constexpr std::string_view kColumns[] = {kPartnerSourceId, kName, kStatus, kReleasedAt};
// Allowed values of status.
namespace status {
inline constexpr std::string_view kPlanned = "planned";
inline constexpr std::string_view kBeta = "beta";
inline constexpr std::string_view kGa = "ga";
inline constexpr std::string_view kDeprecated = "deprecated";
inline constexpr std::string_view kValues[] = {kPlanned, kBeta, kGa, kDeprecated};
}  // namespace status
}  // namespace integration

// integration_install
inline constexpr std::string_view kIntegrationInstall = "integration_install";
namespace integration_install {
inline constexpr std::string_view kAccountSourceId = "account_source_id";
inline constexpr std::string_view kIntegrationSourceId = "integration_source_id";
inline constexpr std::string_view kInstalledAt = "installed_at";
inline constexpr std::string_view kUninstalledAt = "uninstalled_at";
// Every column, in table order.
inline constexpr std::string_view kColumns[] = {kAccountSourceId, kIntegrationSourceId,
                                                kInstalledAt, kUninstalledAt};
}  // namespace integration_install

// overlap
inline constexpr std::string_view kOverlap = "overlap";
namespace overlap {
inline constexpr std::string_view kProvider = "provider";
inline constexpr std::string_view kPartnerSourceId = "partner_source_id";
inline constexpr std::string_view kPartnerName = "partner_name";
inline constexpr std::string_view kPartnerDomain = "partner_domain";
inline constexpr std::string_view kAccountName = "account_name";
inline constexpr std::string_view kAccountDomain = "account_domain";
inline constexpr std::string_view kOurPopulation = "our_population";
inline constexpr std::string_view kPartnerPopulation = "partner_population";
inline constexpr std::string_view kSnapshotAt = "snapshot_at";
inline constexpr std::string_view kRecordType = "record_type";       // schema 3
inline constexpr std::string_view kAccountCrmId = "account_crm_id";  // schema 3
// Every column, in table order.
inline constexpr std::string_view kColumns[] = {
    kProvider,      kPartnerSourceId,   kPartnerName, kPartnerDomain, kAccountName, kAccountDomain,
    kOurPopulation, kPartnerPopulation, kSnapshotAt,  kRecordType,    kAccountCrmId};
// Allowed values of provider.
namespace provider {
inline constexpr std::string_view kCrossbeam = "crossbeam";
inline constexpr std::string_view kReveal = "reveal";
inline constexpr std::string_view kCsv = "csv";
inline constexpr std::string_view kValues[] = {kCrossbeam, kReveal, kCsv};
}  // namespace provider
// Allowed values of our_population.
namespace our_population {
inline constexpr std::string_view kCustomer = "customer";
inline constexpr std::string_view kProspect = "prospect";
inline constexpr std::string_view kOpenOpp = "open_opp";
inline constexpr std::string_view kOther = "other";
inline constexpr std::string_view kValues[] = {kCustomer, kProspect, kOpenOpp, kOther};
}  // namespace our_population
// Allowed values of partner_population.
namespace partner_population {
inline constexpr std::string_view kCustomer = "customer";
inline constexpr std::string_view kProspect = "prospect";
inline constexpr std::string_view kOpenOpp = "open_opp";
inline constexpr std::string_view kOther = "other";
inline constexpr std::string_view kValues[] = {kCustomer, kProspect, kOpenOpp, kOther};
}  // namespace partner_population
// Allowed values of record_type.
namespace record_type {
inline constexpr std::string_view kAccount = "account";
inline constexpr std::string_view kLead = "lead";
inline constexpr std::string_view kValues[] = {kAccount, kLead};
}  // namespace record_type
}  // namespace overlap

// partner_activity
inline constexpr std::string_view kPartnerActivity = "partner_activity";
namespace partner_activity {
inline constexpr std::string_view kPartnerSourceId = "partner_source_id";
inline constexpr std::string_view kAccountSourceId = "account_source_id";
inline constexpr std::string_view kOpportunitySourceId = "opportunity_source_id";
inline constexpr std::string_view kKind = "kind";
inline constexpr std::string_view kOccurredAt = "occurred_at";
// Every column, in table order.
inline constexpr std::string_view kColumns[] = {kPartnerSourceId, kAccountSourceId,
                                                kOpportunitySourceId, kKind, kOccurredAt};
// Allowed values of kind.
namespace kind {
inline constexpr std::string_view kIntroGiven = "intro_given";
inline constexpr std::string_view kIntroReceived = "intro_received";
inline constexpr std::string_view kDealRegistration = "deal_registration";
inline constexpr std::string_view kJointCall = "joint_call";
inline constexpr std::string_view kJointEvent = "joint_event";
inline constexpr std::string_view kEnablement = "enablement";
inline constexpr std::string_view kEscalation = "escalation";
inline constexpr std::string_view kValues[] = {kIntroGiven, kIntroReceived, kDealRegistration,
                                               kJointCall,  kJointEvent,    kEnablement,
                                               kEscalation};
}  // namespace kind
}  // namespace partner_activity

// population (schema 3): a provider's population (list) and the standard population it is.
inline constexpr std::string_view kPopulation = "population";
namespace population {
inline constexpr std::string_view kPartnerSourceId = "partner_source_id";
inline constexpr std::string_view kName = "name";
inline constexpr std::string_view kRecordType = "record_type";
inline constexpr std::string_view kStandardPopulation = "standard_population";
// Every column, in table order.
inline constexpr std::string_view kColumns[] = {kPartnerSourceId, kName, kRecordType,
                                                kStandardPopulation};
// Allowed values of record_type.
namespace record_type {
inline constexpr std::string_view kAccount = "account";
inline constexpr std::string_view kLead = "lead";
inline constexpr std::string_view kValues[] = {kAccount, kLead};
}  // namespace record_type
// Allowed values of standard_population.
namespace standard_population {
inline constexpr std::string_view kCustomer = "customer";
inline constexpr std::string_view kProspect = "prospect";
inline constexpr std::string_view kOpenOpp = "open_opp";
inline constexpr std::string_view kOther = "other";
inline constexpr std::string_view kValues[] = {kCustomer, kProspect, kOpenOpp, kOther};
}  // namespace standard_population
}  // namespace population

// Every canonical table, in the schema's order.
inline constexpr std::string_view kEntities[] = {
    kPartner,  kAccount,         kContact,   kOpportunity, kOpportunityPartner,
    kCampaign, kCampaignMember,  kLead,      kIntegration, kIntegrationInstall,
    kOverlap,  kPartnerActivity, kPopulation};

}  // namespace tempo::model

#endif  // TEMPO_MODEL_H_
