// Marketo's view of the dataset: the instance's lead fields (what describe lists), one lead's
// values by REST field name, programs (the dataset's campaigns) with their channel, dates and
// period costs, and program memberships (one per lead). Values carry the quirks a connector
// must survive: company names with commas, multi-line addresses with double quotes, empty and
// null values. Ids are Marketo integers: lead kMarketoLeadBase + row, program
// kMarketoProgramBase + row. Pure functions of the dataset; thread-compatible.
#ifndef TEMPO_TESTS_FAKES_MARKETO_MARKETO_RECORDS_H_
#define TEMPO_TESTS_FAKES_MARKETO_MARKETO_RECORDS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/core/dataset.h"

namespace tempo::fakes {

inline constexpr int64_t kMarketoLeadBase = 300001;   // the id of lead row 0
inline constexpr int64_t kMarketoProgramBase = 1001;  // the id of program (campaign) row 0

// A lead field as describe lists it.
struct MarketoField {
  int id = 0;
  std::string_view name;       // REST name, e.g. "leadStatus"
  std::string_view display;    // "Lead Status"
  std::string_view data_type;  // integer | string | email | datetime | text
};

// The lead fields of the fake instance, in describe order.
std::span<const MarketoField> MarketoLeadFields();
// The index of `name` in MarketoLeadFields() (exact, as Marketo's REST names are), or -1.
int MarketoLeadFieldIndex(std::string_view name);

// One lead as the instance holds it.
struct MarketoLead {
  int64_t row = 0;
  int64_t id = 0;
  bool deleted = false;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  // By MarketoLeadFields() index; nullopt is null. Integers and date-times as text.
  std::vector<std::optional<std::string>> values;

  const std::optional<std::string>& Value(std::string_view field) const;
};

MarketoLead RenderMarketoLead(const Dataset& dataset, int64_t row);

// The lead's `fields` as a JSON object (the leads.json shape: integers as numbers).
void AppendLeadJson(std::string& out, const MarketoLead& lead, std::span<const int> field_indexes);

// The lead row behind a Marketo lead id, when there is one.
std::optional<int64_t> MarketoLeadRow(const Dataset& dataset, int64_t id);

// "2015-11-18T15:25:35Z+0000": the asset API's odd date-time form.
std::string FormatAssetDateTime(int64_t ms);
// "2024-05-07T11:47:30Z": the lead database's form (whole seconds).
std::string FormatLeadDateTime(int64_t ms);

struct MarketoProgram {
  int64_t row = 0;
  int64_t id = 0;
  bool deleted = false;
  int64_t created_ms = 0, updated_ms = 0;
  std::string name, type, channel, status;
  std::optional<int64_t> start_ms, end_ms;  // event programs only
  struct Cost {
    std::string start_date;  // "2024-03-01": the period's first day
    int64_t cost = 0;        // whole dollars
  };
  std::vector<Cost> costs;  // period costs; their sum is the program's cost
};

MarketoProgram RenderMarketoProgram(const Dataset& dataset, int64_t row);
// One programs.json result object.
void AppendProgramJson(std::string& out, const MarketoProgram& program);

// A lead's membership in a program (campaign member row = lead row).
struct MarketoMembership {
  int64_t lead_row = 0;
  int64_t program_row = 0;
  int64_t membership_ms = 0;
  bool reached_success = false;
  bool acquired_by = false;
  std::string progression_status;
};

// The membership of member row `row`, or nullopt when its lead is deleted or it has none.
std::optional<MarketoMembership> RenderMarketoMembership(const Dataset& dataset, int64_t row);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_MARKETO_MARKETO_RECORDS_H_
