// The lead fields the leads stream asks for (lead_fields.h).
#include "lead_fields.h"

#include <algorithm>

#include "tempo/text.hpp"

namespace tempo::marketo {

using sdk::Status;

namespace {

// Standard fields, in the order files and requests carry them.
constexpr std::string_view kStandard[] = {"id",         "email",     "firstName", "lastName",
                                          "company",    "title",     "address",   "leadStatus",
                                          "leadSource", "createdAt", "updatedAt"};
constexpr std::string_view kRequired[] = {"id", "createdAt", "updatedAt"};

bool Has(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string Join(const std::vector<std::string>& names, bool changeable_only) {
  std::string out;
  for (const std::string& n : names) {
    if (changeable_only && (n == "id" || n == "createdAt" || n == "updatedAt")) continue;
    if (!out.empty()) out += ',';
    out += n;
  }
  return out;
}

}  // namespace

std::string LeadFields::Joined() const { return Join(names, false); }
std::string LeadFields::ChangeableJoined() const { return Join(names, true); }

std::vector<std::string> DescribedFields(const Envelope& describe) {
  std::vector<std::string> out;
  for (simdjson::dom::element field : describe.results()) {
    std::string_view name;
    if (field["rest"]["name"].get_string().get(name) == simdjson::SUCCESS && !name.empty()) {
      out.emplace_back(name);
    }
  }
  return out;
}

bool IsUtmSourceField(std::string_view name) {
  std::string folded;
  for (char c : name) {
    if (c != '_') folded += sdk::AsciiLower(c);
  }
  return folded == "utmsource" || folded == "utmsourcec";
}

Status ChooseLeadFields(const std::vector<std::string>& described, std::string_view partner_field,
                        LeadFields* out) {
  *out = LeadFields();
  for (std::string_view required : kRequired) {
    if (!Has(described, required)) {
      return Status::InvalidArgument(
          "Marketo's lead describe does not list '" + std::string(required) +
          "'; the API user's role may not read leads (grant Read-Only Lead)");
    }
  }
  for (std::string_view name : kStandard) {
    if (Has(described, name)) out->names.emplace_back(name);
  }
  if (Has(described, "acquisitionProgramId")) {
    out->acquisition = "acquisitionProgramId";
    out->names.push_back(out->acquisition);
  }
  for (const std::string& name : described) {
    if (IsUtmSourceField(name)) {
      out->utm = name;
      out->names.push_back(name);
      break;
    }
  }
  if (!partner_field.empty()) {
    if (!Has(described, partner_field)) {
      return Status::InvalidArgument("config key 'partner_field': '" + std::string(partner_field) +
                                     "' is not a lead field of this Marketo instance (its REST "
                                     "name, as Admin > Field Management > Export Field Names "
                                     "lists it, is case-sensitive)");
    }
    out->partner = std::string(partner_field);
    if (!Has(out->names, partner_field)) out->names.push_back(out->partner);
  }
  return Status::Ok();
}

}  // namespace tempo::marketo
