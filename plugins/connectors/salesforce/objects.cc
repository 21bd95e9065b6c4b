// The object table. See objects.h; README.md lists the same fields for admins.
#include "objects.h"

#include "tempo/model.h"

namespace tempo::salesforce {

std::span<const ObjectDef> AllObjects() {
  namespace m = tempo::model;
  static const ObjectDef kObjects[] = {
      {m::kAccount,
       "Account",
       {"Id", "Name", "Type", "Industry", "Website", "BillingCountry", "NumberOfEmployees",
        "AnnualRevenue", "OwnerId", "ParentId"},
       &MapAccount},
      {m::kContact,
       "Contact",
       {"Id", "AccountId", "FirstName", "LastName", "Name", "Email", "Title", "Phone", "OwnerId"},
       &MapContact},
      {m::kOpportunity,
       "Opportunity",
       {"Id", "AccountId", "Name", "Amount", "CloseDate", "StageName", "IsClosed", "IsWon",
        "Probability", "ForecastCategoryName", "Type", "LeadSource", "OwnerId"},
       &MapOpportunity},
      {m::kOpportunityPartner,
       "OpportunityPartner",
       {"Id", "OpportunityId", "AccountToId", "Role", "IsPrimary", "ReversePartnerId",
        "CreatedById", "LastModifiedById", "AccountTo.Name", "Opportunity.LeadSource"},
       &MapOpportunityPartner},
      {m::kPartner,
       "Partner",
       {"Id", "OpportunityId", "AccountFromId", "AccountToId", "Role", "IsPrimary",
        "ReversePartnerId", "CreatedById", "LastModifiedById", "AccountTo.Name",
        "AccountTo.Website"},
       &MapPartner},
      {m::kLead,
       "Lead",
       {"Id", "FirstName", "LastName", "Name", "Email", "Company", "Website", "Title", "Status",
        "LeadSource", "IsConverted", "ConvertedAccountId", "ConvertedDate", "OwnerId"},
       &MapLead},
      {m::kCampaign,
       "Campaign",
       {"Id", "Name", "Type", "Status", "StartDate", "EndDate", "BudgetedCost", "ActualCost",
        "IsActive", "OwnerId"},
       &MapCampaign},
      {m::kCampaignMember,
       "CampaignMember",
       {"Id", "CampaignId", "LeadId", "ContactId", "Status", "HasResponded", "FirstRespondedDate"},
       &MapCampaignMember},
  };
  return kObjects;
}

}  // namespace tempo::salesforce
