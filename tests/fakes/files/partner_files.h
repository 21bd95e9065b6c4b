// The partner team's files: what only spreadsheets and exports hold about the synthetic company
// (fakes/core/dataset.h), written where the `file` connector reads them. They are the same world
// as every fake API: the same partners (by name and domain), the same accounts (by domain), the
// same integrations; the ids are the files' own.
//
//   partners.csv                the partner list: type, tier, status, partnered_at; websites as
//                               people type them ("https://www.x.example/partners", "x.example")
//   integrations.csv            one per partner, with status and release date
//   accounts.csv                every company we sell to: lifecycle, customer_since, churned_at,
//                               arr_usd (the billing export the partner team keeps)
//   integration_installs.jsonl  product telemetry: which account runs which integration, when
//   partner_activities.jsonl    the partner activity log: intros, deal registrations, calls,
//                               events, enablement
//
// config/demo.yaml maps them to the canonical tables (connection `partners`); `tempo-fakeapi
// --write-files DIR` writes them for the dataset it serves (docs/fake-api.md).
#ifndef TEMPO_TESTS_FAKES_FILES_PARTNER_FILES_H_
#define TEMPO_TESTS_FAKES_FILES_PARTNER_FILES_H_

#include <string>

#include "common/status.h"
#include "fakes/core/dataset.h"

namespace tempo::fakes {

// The files' ids of dataset rows: "P01", "A0042", "I03", "IN00017", "ACT00017" (1-based).
std::string PartnerFileId(int partner);
std::string AccountFileId(int64_t account_row);
std::string IntegrationFileId(int integration);

// Writes the five files into `dir` (created if missing), replacing any there. Errors name the
// file that could not be written.
Status WritePartnerFiles(const Dataset& dataset, const std::string& dir);

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_FILES_PARTNER_FILES_H_
