// Crossbeam's HTTP conventions. See crossbeam_http.h.
#include "crossbeam_http.h"

#include "organization.h"

namespace tempo::crossbeam {

using sdk::Status;

namespace {

const sdk::HttpProvider kCrossbeamHttp{
    "Crossbeam", nullptr, nullptr,
    "check client_id, client_secret and refresh_token (re-authorize the app if the refresh "
    "token was revoked) and the app's scopes (openid offline_access read:partnerships "
    "read:populations read:reports)"};

// A Permission error from the host (the token refused again after a refresh, or the refresh
// token refused), said for Crossbeam.
Status Refused(std::string_view where, std::string_view organization) {
  return Status::Permission(
      "Crossbeam " + std::string(where) +
      ": the credentials were refused after one token refresh (HTTP 401 again, or the token "
      "endpoint refused the refresh token): re-authorize the app (client_id, client_secret, "
      "refresh_token), and check that the API user is a member of organization " +
      (organization.empty() ? std::string("(none chosen yet)") : std::string(organization)) +
      ", which is sent as the Xbeam-Organization header; `tempo -v` shows the exchange");
}

}  // namespace

Api::Api(const Config& config) : config_(config), http_(kCrossbeamHttp) {
  organization_ = config.organization_uuid;
}

Status Api::Organization(sdk::Context& ctx, std::string* uuid) {
  if (organization_.empty()) {
    sdk::HttpResponse resp;
    const std::string where = "GET /v1/users/me (the user's organizations)";
    Status s = http_.Get(ctx, config_.base_url + "/v1/users/me", where, &resp);
    if (s.code() == TEMPO_ERR_PERMISSION && resp.status == 0) return Refused(where, "");
    if (!s.ok()) return s;
    std::vector<OrganizationRef> organizations;
    if (Status p = ParseOrganizations(resp.body, &organizations); !p.ok()) return p;
    if (Status c = ChooseOrganization(organizations, &organization_); !c.ok()) return c;
  }
  *uuid = organization_;
  return Status::Ok();
}

Status Api::Get(sdk::Context& ctx, std::string_view url, std::string_view where,
                sdk::HttpResponse* resp) const {
  *resp = sdk::HttpResponse();
  Status s = http_.Get(ctx, url, where, resp, {{"Xbeam-Organization", organization_}});
  if (s.ok()) return s;
  if (s.code() == TEMPO_ERR_PERMISSION && resp->status == 0) {
    return Refused(where, organization_);
  }
  if (resp->status == 403) {
    return Status::Permission(
        s.message() + " (organization " + organization_ +
        ", sent as the Xbeam-Organization header, was refused: check organization_uuid against "
        "the organizations GET /v1/users/me lists, and the app's scopes)");
  }
  return s;
}

}  // namespace tempo::crossbeam
