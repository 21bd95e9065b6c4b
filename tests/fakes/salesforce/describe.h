// The fake Salesforce's metadata: describeGlobal (GET .../sobjects) and the sObject describe
// (GET .../sobjects/{Object}/describe), derived from the object tables in salesforce_objects.h
// and filtered by the integration user's profile. What the fake describes is exactly what its
// queries serve: a described field can be selected, a hidden one cannot.
//
// Labels are derived from the API names ("Number Of Employees", "Account ID"); lengths, SOAP
// types, precision and scale from the field types. Not described: picklist values, child
// relationships, record types, layouts, and objects the fake does not serve (such as User,
// which OwnerId refers to).
//
// Pure functions; thread-safe.
#ifndef TEMPO_TESTS_FAKES_SALESFORCE_DESCRIBE_H_
#define TEMPO_TESTS_FAKES_SALESFORCE_DESCRIBE_H_

#include <string>
#include <string_view>

#include "fakes/salesforce/salesforce_objects.h"
#include "fakes/salesforce/salesforce_profile.h"

namespace tempo::fakes {

// {"encoding":"UTF-8","maxBatchSize":200,"sobjects":[{"name","label","labelPlural",
// "keyPrefix","custom","queryable","retrieveable","replicateable","searchable","urls"},...]}
// with the objects `profile` sees; urls under /services/data/v`version`.
std::string DescribeGlobalJson(const SfProfile& profile, std::string_view version);

// The object's describeGlobal entry plus "fields": one entry per field `profile` sees, in
// definition order, each with "name","label","type","soapType","length","byteLength","digits",
// "precision","scale","nillable","permissionable","custom","nameField","idLookup",
// "filterable","sortable","groupable","referenceTo","relationshipName". The caller answers 404
// for an object the profile does not see.
std::string DescribeSObjectJson(const SfObjectDef& object, const SfProfile& profile,
                                std::string_view version);

// "NumberOfEmployees" -> "Number Of Employees", "Partner_Tier__c" -> "Partner Tier",
// "OpportunityPartner" -> "Opportunity Partner".
std::string SfLabel(std::string_view api_name);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_SALESFORCE_DESCRIBE_H_
