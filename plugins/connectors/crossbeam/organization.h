// The organization a connection reads: Crossbeam answers every call for the organization named
// in the Xbeam-Organization header; GET /v1/users/me lists the ones the API user belongs to
// (data[].organizations[].uuid, or authorizations[].organization.uuid as the docs' prose puts
// it). Pure functions (tests/unit/crossbeam/organization_test.cc).
#ifndef TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_ORGANIZATION_H_
#define TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_ORGANIZATION_H_

#include <string>
#include <string_view>
#include <vector>

#include "tempo/plugin.hpp"

namespace tempo::crossbeam {

struct OrganizationRef {
  std::string uuid, name;
};

// The organizations of a /v1/users/me response, in its order, without repeats. Data error
// when the body is not such a response.
sdk::Status ParseOrganizations(std::string_view body, std::vector<OrganizationRef>* out);

// The organization to read when none is configured: the only one. Several: InvalidArgument
// naming them all, so the admin can set organization_uuid; none: Permission.
sdk::Status ChooseOrganization(const std::vector<OrganizationRef>& organizations,
                               std::string* uuid);

}  // namespace tempo::crossbeam

#endif  // TEMPO_PLUGINS_CONNECTORS_CROSSBEAM_ORGANIZATION_H_
