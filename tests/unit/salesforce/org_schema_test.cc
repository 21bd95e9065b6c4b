// org_schema.h: describeGlobal and describe bodies, and the field list planned from them.
#include "org_schema.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

namespace tempo::salesforce {
namespace {

TEST_CASE("org schema: describeGlobal lists the queryable objects, lower-cased") {
  std::set<std::string> objects;
  REQUIRE(ParseDescribeGlobal(R"({"encoding":"UTF-8","maxBatchSize":200,"sobjects":[)"
                              R"({"name":"Account","queryable":true,"urls":{"describe":"/x"}},)"
                              R"({"name":"AccountHistory","queryable":false},{"name":"Lead"}]})",
                              "w", &objects)
              .ok());
  CHECK(objects == std::set<std::string>{"account", "lead"});
  sdk::Status s =
      ParseDescribeGlobal(R"([{"errorCode":"X"}])", "Salesforce stream 'lead'", &objects);
  CHECK(s.code() == TEMPO_ERR_DATA);
  CHECK_THAT(s.message(), Catch::Contains("stream 'lead'"));
  CHECK(objects.empty());
  CHECK_FALSE(ParseDescribeGlobal(R"({"sobjects":{}})", "w", &objects).ok());
}

TEST_CASE("org schema: describe lists the visible fields, lower-cased") {
  std::set<std::string> fields;
  REQUIRE(
      ParseDescribe(R"({"name":"Account","fields":[{"name":"Id","type":"id",)"
                    R"("picklistValues":[{"value":"a"}]},{"name":"Tier__c","type":"picklist"}],)"
                    R"("childRelationships":[{"field":"AccountId"}]})",
                    "w", &fields)
          .ok());
  CHECK(fields == std::set<std::string>{"id", "tier__c"});
  CHECK_FALSE(ParseDescribe("<html/>", "w", &fields).ok());
  CHECK_FALSE(ParseDescribe(R"({"name":"Account"})", "w", &fields).ok());
}

TEST_CASE("org schema: the plan keeps the visible fields in order and sorts out the rest") {
  ObjectSpec spec;
  spec.object = "Account";
  spec.fields = {"Id",      "Name",           "NumberOfEmployees", "Owner.Name",
                 "tier__c", "Hidden_Tier__c", "SystemModstamp",    "IsDeleted"};
  spec.required = {"Tier__c", "Hidden_Tier__c"};
  const std::set<std::string> visible = {"id", "name", "tier__c", "isdeleted", "systemmodstamp"};
  FieldPlan plan = PlanFields(spec, visible);
  CHECK(plan.fields == std::vector<std::string>{"Id", "Name", "Owner.Name", "tier__c",
                                                "SystemModstamp", "IsDeleted"});
  CHECK(plan.hidden == std::vector<std::string>{"NumberOfEmployees"});
  CHECK(plan.missing_required == std::vector<std::string>{"Hidden_Tier__c"});
  // Id and SystemModstamp are the keyset: always asked for, even when a describe omits them.
  FieldPlan bare = PlanFields(spec, {});
  CHECK(bare.fields == std::vector<std::string>{"Id", "Owner.Name", "SystemModstamp"});
}

}  // namespace
}  // namespace tempo::salesforce
