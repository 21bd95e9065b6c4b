// One page of a SOQL query result as decoded from its JSON, the merge of the pages of a split
// query (several field chunks of the same records), and a record's raw JSON. Pure functions:
// no host calls (tests/unit/salesforce/page_test.cc).
//
//   {"totalSize":3222,"done":false,"nextRecordsUrl":"/services/data/v62.0/query/01g...-2000",
//    "records":[{"attributes":{...},"Id":"006...","Amount":15000.0,...}]}
#ifndef TEMPO_PLUGINS_CONNECTORS_SALESFORCE_PAGE_H_
#define TEMPO_PLUGINS_CONNECTORS_SALESFORCE_PAGE_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "tempo/plugin.hpp"

namespace tempo::salesforce {

// A field value as decoded from a page; strings unescaped, numbers as their JSON text too.
struct Value {
  enum Kind { kNull, kBool, kNumber, kString, kOther } kind = kNull;
  bool b = false;
  double num = 0;
  std::string text;  // string (unescaped), number token, or raw JSON of an object/array
};

// One record's fields in the order the page gave them, without Salesforce's "attributes".
// A relationship field the query selected ("AccountTo.Name") arrives as an object under the
// relationship's name ("AccountTo": {"attributes": ..., "Name": ...}, or null): it is a field
// like any other (its raw JSON), and each of its values is also in `related` as "AccountTo.Name".
struct Record {
  std::vector<std::pair<std::string, Value>> fields;
  std::vector<std::pair<std::string, Value>> related;  // "Relationship.Field", not in RawJson

  // The field called `name` (exact case, as the page spells it; "AccountTo.Name" for a
  // relationship's), or nullptr.
  const Value* Get(std::string_view name) const;
  // The field's text when it is a string, else "".
  std::string_view Text(std::string_view name) const;
  // True when the field is the boolean true.
  bool True(std::string_view name) const;
};

struct Page {
  std::vector<Record> records;
  bool done = true;
  std::string next_url;  // relative to the instance URL; set when !done
};

// Decodes a query page. A body that is not one (not JSON, no "done" or "records", not done
// without a nextRecordsUrl) is a Data error naming `what` ("Salesforce stream 'account'").
sdk::Status ParsePage(simdjson::ondemand::parser& parser, std::string_view body,
                      std::string_view what, Page* page);

// Merges the pages of the field chunks of one split query into parts[0]: each record gains the
// fields the other chunks read for its Id. The chunks must agree on `done` and on their record
// count, else a Data error naming `what` (the records changed between the queries).
sdk::Status MergeChunks(std::vector<Page>& parts, std::string_view what);

// The record as a JSON object (fields in order, values as the page had them).
std::string RawJson(const Record& record);

}  // namespace tempo::salesforce

#endif  // TEMPO_PLUGINS_CONNECTORS_SALESFORCE_PAGE_H_
