// What the fake Mailchimp is configured with: its credentials (fake, documented in
// docs/fake-api.md, safe to commit) and the knob of the moving-sort-key scenario.
#ifndef TEMPO_TESTS_FAKES_MAILCHIMP_MAILCHIMP_OPTIONS_H_
#define TEMPO_TESTS_FAKES_MAILCHIMP_MAILCHIMP_OPTIONS_H_

#include <cstdint>
#include <string>

namespace tempo::fakes {

struct MailchimpOptions {
  // The account's datacenter: the suffix of its API key, and the `dc` of the OAuth metadata.
  std::string dc = "us21";
  // HTTP Basic password (any username): `<key>-<dc>`.
  std::string api_key = "0f1e2d3c4b5a69788796a5b4c3d2e1f0-us21";
  // OAuth access token (never expires): `Authorization: Bearer` on the API, `OAuth` on the
  // metadata endpoint.
  std::string access_token = "fake-mailchimp-oauth-token";
  // Simultaneous requests one account may have in flight; one more is a 429.
  int64_t max_connections = 10;
  // > 0: after the Nth successful page of list members is served, the first member of that
  // page is changed (last_changed = now): it moves to the end of the last_changed order and
  // everyone after it moves back by one, as when a contact is edited while a client pages.
  int64_t move_after_page = 0;
  // How long every API request stays in flight (ms) before it is answered: with it, tests
  // reach the connection limit.
  int64_t latency_ms = 0;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_MAILCHIMP_MAILCHIMP_OPTIONS_H_
