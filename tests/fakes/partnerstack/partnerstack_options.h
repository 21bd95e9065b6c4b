// What the fake PartnerStack is configured with: the vendor API key pair (fake, documented in
// docs/fake-api.md, safe to commit).
#ifndef TEMPO_TESTS_FAKES_PARTNERSTACK_PARTNERSTACK_OPTIONS_H_
#define TEMPO_TESTS_FAKES_PARTNERSTACK_PARTNERSTACK_OPTIONS_H_

#include <string>

namespace tempo::fakes {

struct PartnerStackOptions {
  std::string public_key = "pk_fake_partnerstack_0042";  // HTTP Basic user name
  std::string secret_key = "sk_fake_partnerstack_0042";  // HTTP Basic password
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_PARTNERSTACK_PARTNERSTACK_OPTIONS_H_
