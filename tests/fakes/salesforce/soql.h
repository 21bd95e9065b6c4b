// The SOQL subset the fake Salesforce understands, and its evaluation over the dataset.
//
//   SELECT f1, f2, ... | COUNT()
//   FROM <object>
//   [WHERE <condition>]            comparisons  = != <> < <= > >=  LIKE  IN (...)  NOT IN (...)
//                                  combined with AND, OR, NOT and parentheses
//   [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], ...]
//   [LIMIT n] [OFFSET n]
//
// Literals: 'quoted strings' (ids, text, picklists), numbers, true/false/null, dates
// (2024-01-31) and date-times with a zone (2024-01-01T00:00:00Z, ...00.000+0000, ...+00:00),
// unquoted, as SOQL requires. Like Salesforce: keywords, object and field names are
// case-insensitive; string comparison is case-insensitive; a literal of the wrong type for its
// field (a quoted date-time, an unquoted id) is INVALID_FIELD; DateTime values have whole
// seconds. A relationship field (Opportunity.LeadSource, AccountTo.Name: one parent level, by
// the relationship name describe gives) may be selected, not filtered or sorted on. Not
// supported: relationship fields in WHERE and ORDER BY, deeper paths, sub-queries, aggregate
// functions other than COUNT(), date literals such as TODAY or LAST_N_DAYS:n, GROUP BY, FOR
// UPDATE.
#ifndef TEMPO_TESTS_FAKES_SALESFORCE_SOQL_H_
#define TEMPO_TESTS_FAKES_SALESFORCE_SOQL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "fakes/core/dataset.h"
#include "fakes/salesforce/salesforce_objects.h"
#include "fakes/salesforce/salesforce_profile.h"

namespace tempo::fakes {

// A name as the query writes it, and where: errors point at it.
struct SoqlName {
  std::string text;
  size_t position = 0;  // 0-based offset in the query text
};

struct SoqlLiteral {
  enum class Kind : uint8_t { kString, kNumber, kBool, kNull, kDate, kDateTime };
  Kind kind = Kind::kNull;
  std::string text;   // kString
  double number = 0;  // kNumber
  int64_t ms = 0;     // kDate, kDateTime
  bool boolean = false;
  size_t position = 0;  // 0-based offset in the query text
};

struct SoqlCondition {
  enum class Kind : uint8_t { kAnd, kOr, kNot, kCompare };
  Kind kind = Kind::kCompare;
  std::vector<SoqlCondition> children;  // kAnd, kOr, kNot
  SoqlName field;                       // kCompare
  std::string op;                       // = != < <= > >= LIKE IN NOTIN
  std::vector<SoqlLiteral> values;
};

struct SoqlOrder {
  SoqlName field;
  bool descending = false;
};

struct SoqlQuery {
  std::string text;  // as sent: errors quote it
  bool count_only = false;
  std::vector<SoqlName> fields;
  SoqlName object;
  std::optional<SoqlCondition> where;
  std::vector<SoqlOrder> order_by;
  int64_t limit = -1;
  int64_t offset = 0;
};

// Parses the text; a failure's message is the MALFORMED_QUERY explanation.
Result<SoqlQuery> ParseSoql(std::string_view text);

// One selected field: a field of the object, or a field of the parent record a reference
// field of the object names (a relationship field).
struct SoqlSelect {
  int field = -1;                       // the object's field (the reference, for a relationship)
  const SfObjectDef* parent = nullptr;  // a relationship's parent object
  int parent_field = -1;                // and its field
  std::string relationship;             // "Opportunity", "AccountTo": the JSON key of the parent
};

// A query resolved against an object: field indexes, typed and checked literals.
struct SoqlPlan {
  const SfObjectDef* object = nullptr;
  bool count_only = false;
  std::vector<SoqlSelect> select;  // in SELECT order
  struct Condition {
    SoqlCondition::Kind kind;
    std::vector<Condition> children;
    int field = -1;
    std::string op;
    std::vector<SoqlLiteral> values;
  };
  std::optional<Condition> where;
  std::vector<std::pair<int, bool>> order_by;  // field index, descending
  int64_t limit = -1;
  int64_t offset = 0;
};

// Resolves names against the objects and fields `profile` sees, and checks literal types.
// Errors: StatusCode::kNotFound for an unknown or hidden object (INVALID_TYPE),
// kInvalidArgument for a field problem (INVALID_FIELD), an unknown or hidden field included.
// Their messages are Salesforce's: the query's line, a caret under the offending name or value,
// "ERROR at Row:R:Column:C", then what is wrong.
Result<SoqlPlan> BindSoql(const SoqlQuery& query, const SfProfile& profile);

// The matching rows in result order, OFFSET and LIMIT applied. Deleted (archived) rows only
// when `include_deleted` (queryAll); deals and their partners of the other CRM never
// (Dataset::Serves).
std::vector<uint32_t> ExecuteSoql(const Dataset& dataset, const SoqlPlan& plan,
                                  bool include_deleted);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_SALESFORCE_SOQL_H_
