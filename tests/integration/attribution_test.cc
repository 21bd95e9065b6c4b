// Lead attribution end to end: `attribution:` rules in tempo.yaml set partner_source_id on the
// lead and campaign rows a real `tempo sync` writes (file connector, JSON Lines with tags), the
// rules' partners become partner rows of the connection, and mistakes in the rules are
// config errors with file:line:column and a did-you-mean.
#include <catch2/catch.hpp>

#include "store/store.h"
#include "support/process.h"
#include "support/store_query.h"
#include "support/temp_dir.h"

namespace {

using tempo::testing::ProcessResult;
using tempo::testing::QueryText;
using tempo::testing::RunProcess;
using tempo::testing::TempDir;
using tempo::testing::TempoBinary;

constexpr const char* kLeads =
    R"({"id":"1","email":"a@x.com","source":"Acme Referral","utm":"google","tags":[]}
{"id":"2","email":"b@x.com","source":"Web","utm":"GLOBEX","tags":[]}
{"id":"3","email":"c@x.com","source":"Web","utm":"google","tags":[{"id":7,"name":"initech-webinar"}]}
{"id":"4","email":"d@x.com","source":"Web","utm":"google","tags":["other"]}
{"id":"5","email":"e@x.com","source":" acme referral ","utm":"globex","tags":[]}
)";

constexpr const char* kCampaigns = R"({"id":"c1","name":"Acme joint webinar"}
{"id":"c2","name":"Spring newsletter"}
)";

std::string ConfigText(const std::string& attribution) {
  return "store:\n  path: tempo.db\nplugins:\n  path: [" TEMPO_PLUGIN_DIR
         "]\nconnections:\n  - name: mkt\n    plugin: file\n    config:\n      streams:\n"
         "        - {name: leads, path: leads.jsonl, entity: lead, id: id,\n"
         "           columns: {email: email, lead_source: source, utm_source: utm}}\n"
         "        - {name: campaigns, path: campaigns.jsonl, entity: campaign, id: id,\n"
         "           columns: {name: name}}\n" +
         attribution;
}

ProcessResult Tempo(const TempDir& dir, std::vector<std::string> args) {
  args.insert(args.begin(), TempoBinary());
  return RunProcess(args, dir.path());
}

std::string Rows(const TempDir& dir, const std::string& sql) {
  auto db = tempo::store::OpenStoreReadOnly(dir.File("tempo.db"));
  REQUIRE(db.ok());
  return QueryText(**db, "SELECT coalesce(group_concat(r, ';'), '') FROM (" + sql + ")");
}

}  // namespace

TEST_CASE("attribution rules set partner_source_id on matching leads and campaigns") {
  TempDir dir;
  dir.Write("leads.jsonl", kLeads);
  dir.Write("campaigns.jsonl", kCampaigns);
  std::string cfg =
      dir.Write("tempo.yaml", ConfigText("    attribution:\n"
                                         "      - partner: {name: Acme Cloud, domain: "
                                         "https://www.AcmeCloud.com/}\n"
                                         "        when: {lead_source: acme referral}\n"
                                         "      - partner: {name: Globex}\n"
                                         "        when: {utm_source: globex}\n"
                                         "      - partner: {domain: initech.com}\n"
                                         "        when: {tag: Initech-Webinar}\n"
                                         "      - partner: {domain: acmecloud.com}\n"
                                         "        entity: campaign\n"
                                         "        when: {name: acme joint webinar}\n"));
  ProcessResult r = Tempo(dir, {"-c", cfg, "sync", "mkt"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // Lead 5 matches rules 1 and 2: the first wins. Lead 4's tag is not initech's.
  CHECK(Rows(dir,
             "SELECT source_id || '=' || coalesce(partner_source_id, '-') AS r FROM lead "
             "ORDER BY source_id") ==
        "1=attribution:acmecloud.com;2=attribution:globex;3=attribution:initech.com;4=-;"
        "5=attribution:acmecloud.com");
  CHECK(Rows(dir,
             "SELECT source_id || '=' || coalesce(partner_source_id, '-') AS r FROM campaign "
             "ORDER BY source_id") == "c1=attribution:acmecloud.com;c2=-");
  // One partner row per partner, the domain normalized, the name kept where a rule gives one.
  CHECK(Rows(dir,
             "SELECT source_id || '|' || coalesce(name, '-') || '|' || coalesce(domain, '-') AS r "
             "FROM partner WHERE connection = 'mkt' AND deleted_at IS NULL ORDER BY source_id") ==
        "attribution:acmecloud.com|Acme Cloud|acmecloud.com;attribution:globex|Globex|-;"
        "attribution:initech.com|-|initech.com");
  // The raw record is kept as the source sent it.
  CHECK(Rows(dir, "SELECT json_extract(raw_json, '$.source') AS r FROM lead WHERE source_id='1'") ==
        "Acme Referral");
}

TEST_CASE("a connection without attribution rules writes leads as the connector sent them") {
  TempDir dir;
  dir.Write("leads.jsonl", kLeads);
  dir.Write("campaigns.jsonl", kCampaigns);
  std::string cfg = dir.Write("tempo.yaml", ConfigText(""));
  ProcessResult r = Tempo(dir, {"-c", cfg, "sync", "mkt"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Rows(dir, "SELECT count(*) AS r FROM lead WHERE partner_source_id IS NOT NULL") == "0");
  CHECK(Rows(dir, "SELECT count(*) AS r FROM partner") == "0");
}

TEST_CASE("mistakes in attribution rules are config errors at their position") {
  TempDir dir;
  std::string cfg = dir.Write("tempo.yaml", ConfigText("    attribution:\n"
                                                       "      - partner: {name: Acme}\n"
                                                       "        when: {lead_sorce: x}\n"
                                                       "      - partner: {}\n"
                                                       "        when: {utm_source: y}\n"
                                                       "      - partner: {name: Globex}\n"
                                                       "        entity: account\n"
                                                       "        when: {utm_source: y}\n"
                                                       "      - partner: {name: Initech}\n"
                                                       "        entity: campaign\n"
                                                       "        when: {utm_source: y}\n"
                                                       "      - partner: {name: Hooli}\n"));
  ProcessResult r = Tempo(dir, {"-c", cfg, "config", "check"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("tempo.yaml:16:16: connections[0].attribution[0].when."
                                    "lead_sorce: unknown key; did you mean 'lead_source'?"));
  CHECK_THAT(r.err, Catch::Contains("tempo.yaml:17:18: connections[0].attribution[1].partner: "
                                    "name the partner"));
  CHECK_THAT(r.err, Catch::Contains("tempo.yaml:20:17: connections[0].attribution[2].entity: "
                                    "must be lead or campaign"));
  // utm_source is a lead column, not a campaign one.
  CHECK_THAT(r.err, Catch::Contains("connections[0].attribution[3].when.utm_source: unknown key"));
  CHECK_THAT(r.err, Catch::Contains("tempo.yaml:25:9: connections[0].attribution[4]: missing "
                                    "required key 'when'"));
}
