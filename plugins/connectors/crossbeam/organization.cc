// Organizations of the API user. See organization.h.
#include "organization.h"

#include <simdjson.h>

namespace tempo::crossbeam {

using sdk::Status;
namespace dom = simdjson::dom;

namespace {

void AddOrganization(dom::element org, std::vector<OrganizationRef>* out) {
  std::string_view uuid, name;
  if (org["uuid"].get_string().get(uuid) != simdjson::SUCCESS || uuid.empty()) return;
  if (org["name"].get_string().get(name) != simdjson::SUCCESS) name = "";
  for (const OrganizationRef& seen : *out) {
    if (seen.uuid == uuid) return;
  }
  out->push_back({std::string(uuid), std::string(name)});
}

void AddUser(dom::element user, std::vector<OrganizationRef>* out) {
  dom::array list;
  if (user["organizations"].get_array().get(list) == simdjson::SUCCESS) {
    for (dom::element org : list) AddOrganization(org, out);
  }
  if (user["authorizations"].get_array().get(list) == simdjson::SUCCESS) {
    for (dom::element auth : list) {
      dom::element org;
      if (auth["organization"].get(org) == simdjson::SUCCESS) AddOrganization(org, out);
    }
  }
}

}  // namespace

Status ParseOrganizations(std::string_view body, std::vector<OrganizationRef>* out) {
  out->clear();
  dom::parser parser;
  dom::element doc, data;
  if (parser.parse(body.data(), body.size()).get(doc) != simdjson::SUCCESS ||
      doc["data"].get(data) != simdjson::SUCCESS) {
    return Status::Data(
        "Crossbeam GET /v1/users/me: the response is not a user profile (no "
        "'data'); cannot find the user's organizations");
  }
  dom::array users;
  if (data.get_array().get(users) == simdjson::SUCCESS) {
    for (dom::element user : users) AddUser(user, out);
  } else if (data.is_object()) {
    AddUser(data, out);
  }
  return Status::Ok();
}

Status ChooseOrganization(const std::vector<OrganizationRef>& organizations, std::string* uuid) {
  if (organizations.size() == 1) {
    *uuid = organizations.front().uuid;
    return Status::Ok();
  }
  if (organizations.empty()) {
    return Status::Permission(
        "Crossbeam: the API user belongs to no organization (GET /v1/users/me lists none); "
        "authorize the app with a user of the organization to read");
  }
  std::string names;
  for (const OrganizationRef& org : organizations) {
    names += (names.empty() ? "" : ", ") +
             (org.name.empty() ? std::string("(unnamed)") : org.name) + " (" + org.uuid + ")";
  }
  return Status::InvalidArgument(
      "Crossbeam: the API user belongs to " + std::to_string(organizations.size()) +
      " organizations: " + names +
      "; set organization_uuid to the one to read (it is sent as the Xbeam-Organization header)");
}

}  // namespace tempo::crossbeam
