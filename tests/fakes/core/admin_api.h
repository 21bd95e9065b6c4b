// The control API under /_admin, for tests and demos that run tempo-fakeapi as a separate
// process: read the request log, add and clear faults, mutate the dataset ("modify N records
// now"), advance the clock, expire tokens. Admin requests are neither logged nor faulted.
//
//   GET    /_admin/requests                      counts by path and credential, recent requests
//   DELETE /_admin/requests                      clear the log
//   GET    /_admin/faults                        rules with their match and fire counts
//   POST   /_admin/faults                        body: scenario text (line format or JSON)
//   DELETE /_admin/faults[/ID]                   remove all rules, or one
//   GET    /_admin/dataset                       counts, partners (with planted strength)
//   POST   /_admin/dataset/{touch|archive|append}?entity=contacts&first=0&count=10[&at=T]
//   POST   /_admin/clock/advance?seconds=N
//   POST   /_admin/tokens/expire                 every access token expires now
//   POST   /_admin/tokens/revoke?provider=hubspot|salesforce   refresh tokens stop working
//
// Providers add their own under /_admin/<provider>/ (the Salesforce profile, for one).
#ifndef TEMPO_TESTS_FAKES_CORE_ADMIN_API_H_
#define TEMPO_TESTS_FAKES_CORE_ADMIN_API_H_

#include <string_view>

#include "fakes/core/router.h"
#include "fakes/core/server_state.h"

namespace tempo::fakes {

// The provider-independent control routes; a provider adds its own
// (Provider::RegisterAdminRoutes).
void RegisterAdminRoutes(Router& router, ServerState& state);

// A control request's refusal: 400 {"error": message}.
void SendAdminError(httplib::Response& res, std::string_view message);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CORE_ADMIN_API_H_
