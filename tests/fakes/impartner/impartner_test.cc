// The fake Impartner over real HTTP: prm-key auth (and the tenant header when one is
// configured), the data.count/data.results envelope, skip/take paging, fields.
#include <set>

#include "fakes/core/fakeapi_test_util.h"
#include "fakes/impartner/provider_impartner.h"

namespace tempo::fakes {
namespace {

using testing::ClientFor;
using testing::Json;
using testing::StartServer;

const httplib::Headers kKey = {{"Authorization", "prm-key fake-impartner-api-key-0042"}};

TEST_CASE("impartner fake: prm-key auth, the tenant header when the instance needs one") {
  FakeApiOptions options;
  options.impartner.tenant_id = "864";
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  auto res = client->Get("/impartner/api/objects/v1/Account", {{"Authorization", "prm-key x"}});
  REQUIRE(res);
  CHECK(res->status == 401);
  res = client->Get("/impartner/api/objects/v1/Account", kKey);
  REQUIRE(res);
  CHECK(res->status == 403);
  httplib::Headers with_tenant = kKey;
  with_tenant.emplace("X-PRM-TenantId", "864");
  res = client->Get("/impartner/api/objects/v1/Account", with_tenant);
  REQUIRE(res);
  CHECK(res->status == 200);
}

TEST_CASE("impartner fake: skip and take page through data.count accounts, in id order") {
  FakeApiOptions options;
  options.dataset.scale = 150;
  auto server = StartServer(options);
  auto client = ClientFor(*server);
  const std::vector<ImpartnerAccount> accounts =
      server->WithDataset([](Dataset& d) { return ImpartnerAccounts(d); });
  REQUIRE(accounts.size() >= 3);
  std::set<int64_t> ids;
  int64_t last = 0;
  for (int64_t skip = 0;; skip += 2) {
    auto res = client->Get(
        "/impartner/api/objects/v1/Account?fields=id,name,updated&orderby=id&"
        "take=2&skip=" +
            std::to_string(skip),
        kKey);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    Json json(res->body);
    REQUIRE(json.ok);
    CHECK(json.root["success"].get_bool().value());
    CHECK(json.root["data"]["count"].get_int64().value() == static_cast<int64_t>(accounts.size()));
    size_t n = 0;
    for (auto a : json.root["data"]["results"].get_array()) {
      ++n;
      const int64_t id = a["id"].get_int64().value();
      CHECK(id > last);
      last = id;
      ids.insert(id);
      CHECK(a["name"].is_string());
      CHECK(std::string(a["updated"].get_string().value()).ends_with("-06:00"));
      CHECK(a["website"].error() == simdjson::NO_SUCH_FIELD);  // only the fields asked for
    }
    if (n < 2) break;
  }
  CHECK(ids.size() == accounts.size());
  for (const char* query : {"take=0", "take=1001", "fields=nope", "filter=name%3D'x'"}) {
    INFO(query);
    auto res = client->Get(std::string("/impartner/api/objects/v1/Account?") + query, kKey);
    REQUIRE(res);
    CHECK(res->status == 400);
  }
}

}  // namespace
}  // namespace tempo::fakes
