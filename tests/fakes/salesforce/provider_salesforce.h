// The fake Salesforce, mounted under /salesforce. Wire formats follow api-wire-formats.md
// section 2:
//
//   POST /services/oauth2/token                       refresh_token and client_credentials
//                                                     grants (form body or HTTP Basic client
//                                                     credentials); instance_url points back
//                                                     here; no expires_in
//   GET  /services/data/                              API versions
//   GET  /services/data/vNN.N/query?q=SOQL            see soql.h; 2000 rows a page (or
//   GET  /services/data/vNN.N/queryAll?q=SOQL         Sforce-Query-Options: batchSize=N),
//   GET  /services/data/vNN.N/query/<locator>-<n>     nextRecordsUrl until done:true;
//                                                     queryAll includes IsDeleted rows
//   GET  /services/data/vNN.N/sobjects[/<Object>/describe]     see describe.h
//   GET  /services/data/vNN.N/limits
//
// Errors are the REST list [{"message","errorCode"}]; every API response carries
// Sforce-Limit-Info: api-usage=N/M. A query's rows are fixed when it runs (a snapshot of
// row numbers; field values are read when each page is served); the newest 64 query cursors
// are kept.
//
// The integration user's profile (salesforce_profile.h) decides which objects and fields
// describe, describeGlobal and queries see. Its control routes:
//
//   GET  /_admin/salesforce/profile               {"hidden_objects":[],"hidden_fields":[]}
//   POST /_admin/salesforce/profile?hidden=LIST   replaces it (no `hidden`: sees everything)
//
// Thread-safety: handlers run concurrently; they read the dataset under its shared lock and
// take the profile as one snapshot per request.
#ifndef TEMPO_TESTS_FAKES_SALESFORCE_PROVIDER_SALESFORCE_H_
#define TEMPO_TESTS_FAKES_SALESFORCE_PROVIDER_SALESFORCE_H_

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fakes/core/provider.h"
#include "fakes/core/server_state.h"
#include "fakes/salesforce/salesforce_objects.h"
#include "fakes/salesforce/salesforce_profile.h"
#include "fakes/salesforce/soql.h"

namespace tempo::fakes {

class SalesforceProvider : public Provider {
 public:
  explicit SalesforceProvider(ServerState& state) : state_(state) {}

  std::string_view prefix() const override { return "/salesforce"; }
  void RegisterRoutes(Router& router) override;
  void RegisterAdminRoutes(Router& router) override;
  void RenderFault(const FaultRule& rule, const httplib::Request& req,
                   httplib::Response& res) override;

  // The profile requests are answered with now; requests already running keep theirs.
  std::shared_ptr<const SfProfile> profile() const;
  // Makes SfProfile::Parse(hidden) the profile; on an error the profile stays as it was.
  Status SetHidden(std::string_view hidden);

 private:
  struct Cursor {
    std::string locator;  // "01g..." (18 characters)
    const SfObjectDef* object = nullptr;
    std::vector<SoqlSelect> select;
    std::vector<uint32_t> rows;
    size_t batch = 2000;
    std::string version;   // "62.0"
    std::string endpoint;  // "query" | "queryAll"
  };

  bool Authorize(const httplib::Request& req, httplib::Response& res);
  void Token(const httplib::Request& req, httplib::Response& res);
  void Versions(const httplib::Request& req, httplib::Response& res);
  void Query(const httplib::Request& req, httplib::Response& res, bool include_deleted);
  void QueryMore(const httplib::Request& req, httplib::Response& res);
  void SObjects(const httplib::Request& req, httplib::Response& res);
  void Describe(const httplib::Request& req, httplib::Response& res);
  void Limits(const httplib::Request& req, httplib::Response& res);

  // Serves rows [offset, offset + batch) of `cursor`.
  void WritePage(const Cursor& cursor, size_t offset, httplib::Response& res);
  // The REST error list, one error.
  void Error(httplib::Response& res, int status, std::string_view code, std::string_view message);
  void OAuthError(httplib::Response& res, std::string_view error, std::string_view description);
  // Counts an API call and sets Sforce-Limit-Info.
  void CountApiCall(httplib::Response& res);
  size_t BatchSize(const httplib::Request& req) const;

  ServerState& state_;
  std::atomic<int64_t> api_calls_{0};
  std::mutex cursors_mutex_;
  std::list<std::shared_ptr<const Cursor>> cursors_;  // newest first
  uint64_t cursor_seq_ = 0;
  mutable std::mutex profile_mutex_;
  std::shared_ptr<const SfProfile> profile_ = std::make_shared<const SfProfile>();
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_SALESFORCE_PROVIDER_SALESFORCE_H_
