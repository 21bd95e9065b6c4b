// Scenario files: the faults and settings a fake-server run starts with, as JSON or as a line
// format (docs/fake-api.md has both). One vocabulary serves both formats and `--fault`:
//
//   # line format: "<kind> key=value ..." for a fault, "<section> key=value ..." for settings
//   dataset seed=7 scale=1000
//   auth hubspot_token_lifetime_s=30 rotate_refresh_tokens=true
//   server salesforce_batch_size=500 salesforce_hidden=Partner,Account.NumberOfEmployees
//   status status=500 path=/hubspot/crm/v3/objects/contacts nth=37
//   rate_limited path=/hubspot retry_after=date+7 times=3
//   quota path=/salesforce/services/data after=100
//
//   {"dataset": {"seed": 7}, "faults": [{"kind": "status", "status": 500, "nth": 37}]}
#ifndef TEMPO_TESTS_FAKES_CORE_SCENARIO_H_
#define TEMPO_TESTS_FAKES_CORE_SCENARIO_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "fakes/core/faults.h"
#include "fakes/core/server_options.h"

namespace tempo::fakes {

struct Setting {
  std::string section;  // dataset | auth | server
  std::string key, value;
};

struct Scenario {
  std::vector<FaultRule> faults;
  std::vector<Setting> settings;
};

// Parses a scenario file's text; JSON when it starts with '{' or '[' (an array is a fault list).
// Errors name the line (or JSON entry) and the offending key.
Result<Scenario> ParseScenario(std::string_view text);
// Parses one fault in the line format: "<kind> key=value ...".
Result<FaultRule> ParseFaultSpec(std::string_view spec);
// Builds a fault of `kind` from key/value pairs (kind-specific defaults first).
Result<FaultRule> MakeFaultRule(std::string_view kind,
                                const std::vector<std::pair<std::string, std::string>>& fields);
// One Marketo setting (`server marketo_<key>=...`, or the control API's /_admin/marketo/settings):
// `key` without the prefix.
Status ApplyMarketoSetting(std::string_view key, std::string_view value, MarketoOptions& options);
// Applies settings to `options`; an unknown section or key is an error.
Status ApplySettings(const std::vector<Setting>& settings, FakeApiOptions& options);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CORE_SCENARIO_H_
