// The reveal connector reading sample exports against the kit's fake host: through its C ABI
// (describe, open, check, discover, read), with the default and a custom mapping, rejects with
// their line numbers, the mtime incremental, and a read killed at every checkpoint.
#include <simdjson.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "config.h"
#include "export_source.h"
#include "support/temp_dir.h"
#include "tempo/plugin.h"
#include "tempo/testing/fake_host.hpp"
#include "tempo/time.hpp"

extern "C" const tempo_plugin_descriptor* tempo_plugin_entry_v1(const tempo_host_api* host);

namespace tempo::reveal {
namespace {

using sdk::testing::FakeHost;
using tempo::testing::TempDir;

// An export in Reveal's default columns. Line 5 names no account, line 7 is cut short, line 8
// names no partner; "Churned" is a status the default map does not know.
constexpr char kExport[] =
    "Company Name,Website,Account Status,Open Deal,Partner Name,Partner Website,"
    "Partner Account Status,Partner Open Deal\n"
    "Acme Corp,https://www.acme.com/,Prospect,No,Globex,globex.io,Customer,No\n"
    "Initech,initech.com,Customer,Yes,Globex,www.globex.io,Prospect,Yes\n"
    "Hooli,,Prospect,\"$12,000\",Umbrella,,Customer,\n"
    ",,Customer,No,Globex,globex.io,Customer,No\n"
    "Vandelay,vandelay.com,Churned,,Globex,globex.io,Partner,\n"
    "Broken,row\n"
    "Stark,stark.com,Customer,no,,,Customer,no\n";

// Every committed row of `entity`, as "source_id" lines, sorted.
std::vector<std::string> Ids(const FakeHost& host, const std::string& entity) {
  std::vector<std::string> ids;
  for (const auto& [key, record] : host.rows) {
    if (key.first == entity) ids.push_back(key.second);
  }
  return ids;
}

// Every committed row, entity, id, fields and raw JSON, as text lines.
std::vector<std::string> Dump(const FakeHost& host) {
  std::vector<std::string> lines;
  for (const auto& [key, record] : host.rows) {
    std::string line = key.first + " " + key.second + (record.deleted ? " deleted" : "");
    for (const auto& [name, value] : record.fields) line += " " + name + "=" + value;
    lines.push_back(line + " " + record.raw);
  }
  return lines;
}

std::string MtimeIso(const std::string& path) {
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return sdk::FormatIso(int64_t{st.st_mtim.tv_sec} * 1000 + st.st_mtim.tv_nsec / 1000000);
}

// The plugin through its C ABI, as the host drives it.
struct Plugin {
  explicit Plugin(FakeHost& host)
      : api(static_cast<const tempo_connector_api*>(tempo_plugin_entry_v1(host.api())->api)),
        ctx(host.ctx()) {}
  ~Plugin() {
    if (instance) api->close(instance);
  }
  tempo_status Open(const std::string& config) {
    return api->open(ctx, config.data(), config.size(), &instance);
  }
  tempo_status Read(const std::string& stream, int32_t mode, const std::string& state = "") {
    return api->read(ctx, instance, stream.data(), stream.size(), mode, state.data(), state.size());
  }
  const tempo_connector_api* api;
  tempo_ctx* ctx;
  tempo_instance* instance = nullptr;
};

std::string PathConfig(const std::string& path, const std::string& more = "") {
  return R"({"path":")" + path + "\"" + more + "}";
}

TEST_CASE("reveal: describes itself, with a config schema that resolves the path") {
  FakeHost host;
  const tempo_plugin_descriptor* descriptor = tempo_plugin_entry_v1(host.api());
  REQUIRE(descriptor != nullptr);
  CHECK(std::string_view(descriptor->name) == "reveal");
  CHECK(descriptor->kind == TEMPO_KIND_CONNECTOR);
  CHECK(std::string_view(descriptor->config_schema).find(R"("format":"path")") !=
        std::string_view::npos);
}

TEST_CASE("reveal: discovers a partners and an overlaps stream") {
  FakeHost host;
  Plugin plugin(host);
  REQUIRE(plugin.Open(PathConfig("/nowhere")) == TEMPO_OK);  // open touches no file
  const tempo_catalog* catalog = nullptr;
  REQUIRE(plugin.api->discover(host.ctx(), plugin.instance, &catalog) == TEMPO_OK);
  REQUIRE(catalog->stream_count == 2);
  CHECK(std::string_view(catalog->streams[0].name) == "partners");
  CHECK(std::string_view(catalog->streams[0].entity) == "partner");
  CHECK(std::string_view(catalog->streams[1].name) == "overlaps");
  CHECK(std::string_view(catalog->streams[1].entity) == "overlap");
  CHECK(catalog->streams[1].sync_modes == (TEMPO_SYNC_FULL_REFRESH | TEMPO_SYNC_INCREMENTAL));
  CHECK(plugin.Read("leads", TEMPO_SYNC_FULL_REFRESH) == TEMPO_ERR_NOT_FOUND);
}

TEST_CASE("reveal: open refuses mode api and a config it cannot use, saying why") {
  FakeHost host;
  Plugin plugin(host);
  CHECK(plugin.Open(R"({"mode":"api","path":"/x"})") == TEMPO_ERR_INVALID_ARGUMENT);
  CHECK(host.error.find("mode: api is reserved") != std::string::npos);
  CHECK(plugin.Open(R"({"path":"/x","columns":{"account_nme":"A"}})") ==
        TEMPO_ERR_INVALID_ARGUMENT);
  CHECK(host.error.find("columns.account_nme: no such field") != std::string::npos);
}

TEST_CASE("reveal: an export with the default columns becomes overlaps") {
  TempDir dir;
  const std::string path = dir.Write("globex.csv", kExport);
  FakeHost host;
  Plugin plugin(host);
  REQUIRE(plugin.Open(PathConfig(path)) == TEMPO_OK);
  REQUIRE(plugin.Read("overlaps", TEMPO_SYNC_FULL_REFRESH) == TEMPO_OK);

  CHECK(Ids(host, "overlap") == std::vector<std::string>{
                                    "acme.com|globex.io|prospect|customer",
                                    "initech.com|globex.io|customer|open_opp",
                                    "name:hooli|name:umbrella|open_opp|customer",
                                    "vandelay.com|globex.io|other|other",
                                });
  const sdk::testing::ReceivedRecord& acme =
      host.Row("overlap", "acme.com|globex.io|prospect|customer");
  CHECK(acme.fields == std::map<std::string, std::string>{
                           {"provider", "s:reveal"},
                           {"partner_source_id", "s:globex.io"},
                           {"partner_name", "s:Globex"},
                           {"partner_domain", "s:globex.io"},
                           {"account_name", "s:Acme Corp"},
                           {"account_domain", "s:https://www.acme.com/"},  // the host normalizes
                           {"our_population", "s:prospect"},
                           {"partner_population", "s:customer"},
                           {"snapshot_at", "s:" + MtimeIso(path)},
                           {"record_type", "s:account"},
                           {"account_crm_id", "null"},
                       });
  CHECK(acme.updated_at.empty());
  CHECK(acme.raw.find(R"("Company Name":"Acme Corp","Website":"https://www.acme.com/")") == 1);
  const auto& hooli = host.Row("overlap", "name:hooli|name:umbrella|open_opp|customer");
  CHECK(hooli.fields.at("account_domain") == "null");
  CHECK(hooli.fields.at("partner_source_id") == "s:name:umbrella");

  CHECK(host.rejects == std::vector<std::string>{
                            "globex.csv:5: no account: 'Company Name' and 'Website' are empty",
                            "globex.csv:7: 2 fields, expected 8",
                            "globex.csv:8: no partner: 'Partner Name' and 'Partner Website' "
                            "are empty",
                        });
  // The status the map does not know is named once, with what to do.
  CHECK(std::count_if(host.logs.begin(), host.logs.end(), [](const std::string& line) {
          return line.find("the status 'Churned' is not in status_values") != std::string::npos;
        }) == 1);
}

TEST_CASE("reveal: the partners stream has one partner per company the rows name") {
  TempDir dir;
  const std::string path = dir.Write("globex.csv", kExport);
  FakeHost host;
  Plugin plugin(host);
  REQUIRE(plugin.Open(PathConfig(path)) == TEMPO_OK);
  REQUIRE(plugin.Read("partners", TEMPO_SYNC_FULL_REFRESH) == TEMPO_OK);
  CHECK(Ids(host, "partner") == std::vector<std::string>{"globex.io", "name:umbrella"});
  CHECK(host.Row("partner", "globex.io").fields ==
        std::map<std::string, std::string>{{"name", "s:Globex"}, {"domain", "s:globex.io"}});
  CHECK(host.Row("partner", "name:umbrella").fields ==
        std::map<std::string, std::string>{{"name", "s:Umbrella"}});
  // A row without an account still names its partner; one without a partner does not.
  CHECK(host.rejects == std::vector<std::string>{
                            "globex.csv:7: 2 fields, expected 8",
                            "globex.csv:8: no partner: 'Partner Name' and 'Partner Website' "
                            "are empty",
                        });
  CHECK(host.Count("overlap") == 0);
}

TEST_CASE("reveal: a custom mapping reads another export's columns and statuses") {
  TempDir dir;
  dir.Write("exports/2026-05.csv",
            "\xEF\xBB\xBF"  // Excel's UTF-8 BOM
            "Account;Domain;Our status;Partner;Partner domain;Their status;Opp;SFDC Id\n"
            "Acme Corp;acme.com;Client;Globex;globex.io;Lead;; 001A000001 \n"
            "Initech;initech.com;Lead;Globex;globex.io;Client;1;\n");
  dir.Write("exports/notes.txt", "not an export");
  FakeHost host;
  Plugin plugin(host);
  REQUIRE(plugin.Open(PathConfig(
              dir.File("exports"),
              R"(,"delimiter":";","columns":{"account_name":"Account","account_domain":"Domain",)"
              R"("our_status":"our STATUS","partner_name":"Partner","partner_domain":)"
              R"("Partner domain","partner_status":"Their status","open_opportunity":"Opp",)"
              R"("partner_open_opportunity":"","account_crm_id":"SFDC Id"},)"
              R"("status_values":{"Client":"customer","Lead":"prospect"})")) == TEMPO_OK);
  CHECK(plugin.api->check(host.ctx(), plugin.instance) == TEMPO_OK);
  REQUIRE(plugin.Read("overlaps", TEMPO_SYNC_FULL_REFRESH) == TEMPO_OK);
  CHECK(Ids(host, "overlap") == std::vector<std::string>{
                                    "acme.com|globex.io|customer|prospect",
                                    "initech.com|globex.io|open_opp|customer",
                                });
  // The CRM id the export carries, for joining the CRM's account exactly.
  CHECK(host.Row("overlap", "acme.com|globex.io|customer|prospect").fields.at("account_crm_id") ==
        "s:001A000001");
  CHECK(
      host.Row("overlap", "initech.com|globex.io|open_opp|customer").fields.at("account_crm_id") ==
      "null");
  CHECK(host.rejects.empty());
  // Nothing is said about a column the mapping turned off.
  for (const std::string& line : host.logs) {
    CHECK(line.find("has no column") == std::string::npos);
  }
}

TEST_CASE("reveal: check names the missing path and the missing column") {
  TempDir dir;
  FakeHost host;
  {
    Plugin plugin(host);
    REQUIRE(plugin.Open(PathConfig(dir.File("missing.csv"))) == TEMPO_OK);
    CHECK(plugin.api->check(host.ctx(), plugin.instance) == TEMPO_ERR_NOT_FOUND);
    CHECK(host.error.find("missing.csv does not exist") != std::string::npos);
  }
  const std::string path = dir.Write("a.csv", "Company Name,Partner Name\nAcme,Globex\n");
  {
    Plugin plugin(host);
    REQUIRE(plugin.Open(PathConfig(path)) == TEMPO_OK);
    CHECK(plugin.api->check(host.ctx(), plugin.instance) == TEMPO_OK);  // defaults may be absent
    CHECK(std::any_of(host.logs.begin(), host.logs.end(), [](const std::string& line) {
      return line.find("a.csv has no column 'Website' (columns.account_domain)") !=
             std::string::npos;
    }));
  }
  {
    Plugin plugin(host);
    REQUIRE(plugin.Open(PathConfig(path, R"(,"columns":{"partner_domain":"Partner URL"})")) ==
            TEMPO_OK);
    CHECK(plugin.api->check(host.ctx(), plugin.instance) == TEMPO_ERR_INVALID_ARGUMENT);
    CHECK(host.error.find("a.csv has no column 'Partner URL' (columns.partner_domain)") !=
          std::string::npos);
    // A read fails the same way, naming the stream.
    CHECK(plugin.Read("overlaps", TEMPO_SYNC_FULL_REFRESH) == TEMPO_ERR_INVALID_ARGUMENT);
    CHECK(host.error.find("stream 'overlaps': a.csv has no column 'Partner URL'") !=
          std::string::npos);
  }
}

TEST_CASE("reveal: an incremental read skips unchanged exports and rereads changed ones") {
  TempDir dir;
  const std::string path = dir.Write("reveal/globex.csv", kExport);
  FakeHost host;
  Plugin plugin(host);
  REQUIRE(plugin.Open(PathConfig(dir.File("reveal"))) == TEMPO_OK);
  REQUIRE(plugin.Read("overlaps", TEMPO_SYNC_INCREMENTAL) == TEMPO_OK);
  const size_t first = host.emitted;
  CHECK(first == 4);
  CHECK(host.committed_state.find(R"("globex.csv":{"mtime_ns":)") != std::string::npos);

  REQUIRE(plugin.Read("overlaps", TEMPO_SYNC_INCREMENTAL, host.committed_state) == TEMPO_OK);
  CHECK(host.emitted == first);  // nothing changed, nothing read

  dir.Write("reveal/umbrella.csv",
            "Company Name,Website,Account Status,Partner Name,Partner Account Status\n"
            "Acme Corp,acme.com,Customer,Umbrella,Customer\n");
  REQUIRE(plugin.Read("overlaps", TEMPO_SYNC_INCREMENTAL, host.committed_state) == TEMPO_OK);
  CHECK(host.emitted == first + 1);  // only the new file
  CHECK(host.Row("overlap", "acme.com|name:umbrella|customer|customer").fields.at("partner_name") ==
        "s:Umbrella");
}

TEST_CASE("reveal: a read killed at any checkpoint resumes with nothing lost or repeated") {
  TempDir dir;
  std::string csv = "Company Name,Website,Account Status,Partner Name,Partner Account Status\n";
  for (int i = 0; i < 23; ++i) {
    csv += "Company " + std::to_string(i) + ",c" + std::to_string(i) + ".example,Prospect," +
           (i % 2 ? "Globex" : "Umbrella") + ",Customer\n";
  }
  dir.Write("exports/a.csv", csv);
  dir.Write("exports/b.csv", csv.substr(0, csv.find('\n') + 1) + "Acme,acme.com,Customer,Hooli,\n");
  Config config;
  REQUIRE(ReadConfig(PathConfig(dir.File("exports")), &config).ok());
  ExportOptions options;
  options.page_rows = 4;
  ExportSource source(config, options);

  FakeHost clean;
  {
    sdk::Context ctx(clean.ctx());
    REQUIRE(source
                .Read(ctx, "overlaps", RevealStream::kOverlaps,
                      {"overlaps", TEMPO_SYNC_FULL_REFRESH, ""})
                .ok());
  }
  REQUIRE(clean.Count("overlap") == 24);
  const int pages = clean.checkpoints;
  REQUIRE(pages == 7);  // 6 full pages of 4 and the completed state

  for (int kill = 1; kill <= pages; ++kill) {
    CAPTURE(kill);
    FakeHost host;
    host.fail_checkpoint_number = kill;
    sdk::Context ctx(host.ctx());
    sdk::Status s = source.Read(ctx, "overlaps", RevealStream::kOverlaps,
                                {"overlaps", TEMPO_SYNC_FULL_REFRESH, ""});
    REQUIRE_FALSE(s.ok());
    host.Restart();
    const size_t before = host.emitted;
    REQUIRE(source
                .Read(ctx, "overlaps", RevealStream::kOverlaps,
                      {"overlaps", TEMPO_SYNC_FULL_REFRESH, host.committed_state})
                .ok());
    CHECK(Dump(host) == Dump(clean));
    // The resumed read emitted only what the killed one had not committed.
    CHECK(host.emitted - before == 24 - 4 * static_cast<size_t>(kill - 1));
  }
}

}  // namespace
}  // namespace tempo::reveal
