// What the fake Impartner is configured with: its API key (fake, documented in
// docs/fake-api.md, safe to commit) and the tenant it requires, if any.
#ifndef TEMPO_TESTS_FAKES_IMPARTNER_IMPARTNER_OPTIONS_H_
#define TEMPO_TESTS_FAKES_IMPARTNER_IMPARTNER_OPTIONS_H_

#include <string>

namespace tempo::fakes {

struct ImpartnerOptions {
  std::string api_key = "fake-impartner-api-key-0042";  // Authorization: prm-key <api_key>
  // "": any X-PRM-TenantId header, or none; else the header must carry this tenant.
  std::string tenant_id;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_IMPARTNER_IMPARTNER_OPTIONS_H_
