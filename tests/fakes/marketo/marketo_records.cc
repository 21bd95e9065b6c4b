// Marketo leads, programs and memberships rendered from the dataset (marketo_records.h).
#include "fakes/marketo/marketo_records.h"

#include <cmath>

#include "fakes/core/encoding.h"

namespace tempo::fakes {
namespace {

constexpr MarketoField kFields[] = {
    {1, "id", "Id", "integer"},
    {2, "email", "Email Address", "email"},
    {3, "firstName", "First Name", "string"},
    {4, "lastName", "Last Name", "string"},
    {5, "company", "Company Name", "string"},
    {6, "title", "Job Title", "string"},
    {7, "address", "Address", "text"},
    {8, "leadStatus", "Lead Status", "string"},
    {9, "leadSource", "Lead Source", "string"},
    {10, "utmSource", "UTM Source", "string"},
    {11, "referringPartner", "Referring Partner", "string"},
    {12, "acquisitionProgramId", "Acquisition Program Id", "integer"},
    {13, "createdAt", "Created At", "datetime"},
    {14, "updatedAt", "Updated At", "datetime"},
};

// Salts of the Marketo-only values (the dataset's own salts stay below 100).
enum Salt : uint64_t {
  kCompanyComma = 9101,
  kAddress,
  kStatusNull,
  kSourceEmpty,
  kUtm,
  kAcquisition,
  kStreetNumber,
};

uint64_t H(const Dataset& d, uint64_t salt, int64_t row) {
  return Hash(d.options().seed, salt, static_cast<uint64_t>(row));
}

std::optional<std::string> Text(std::string_view s) { return std::string(s); }

bool IsInteger(const MarketoField& f) { return f.data_type == "integer"; }

}  // namespace

std::span<const MarketoField> MarketoLeadFields() { return kFields; }

int MarketoLeadFieldIndex(std::string_view name) {
  for (size_t i = 0; i < std::size(kFields); ++i) {
    if (kFields[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

const std::optional<std::string>& MarketoLead::Value(std::string_view field) const {
  static const std::optional<std::string> kNull;
  const int i = MarketoLeadFieldIndex(field);
  return i < 0 || static_cast<size_t>(i) >= values.size() ? kNull : values[i];
}

std::string FormatLeadDateTime(int64_t ms) {
  std::string s = FormatIsoMillis(ms - (((ms % 1000) + 1000) % 1000));
  return s.substr(0, 19) + "Z";
}

std::string FormatAssetDateTime(int64_t ms) { return FormatLeadDateTime(ms) + "+0000"; }

MarketoLead RenderMarketoLead(const Dataset& d, int64_t row) {
  const LeadRecord l = d.Lead(row);
  MarketoLead out;
  out.row = row;
  out.id = kMarketoLeadBase + row;
  out.deleted = l.archived;
  out.created_ms = l.created_ms;
  out.updated_ms = l.modified_ms;
  out.values.resize(std::size(kFields));
  auto set = [&](std::string_view name, std::optional<std::string> v) {
    out.values[MarketoLeadFieldIndex(name)] = std::move(v);
  };
  set("id", std::to_string(out.id));
  set("email", Text(l.email));
  set("firstName", Text(l.first_name));
  set("lastName", Text(l.last_name));
  // Marketo's copy of the company name sometimes carries the legal form after a comma.
  set("company", Unit(H(d, kCompanyComma, row)) < 0.15 ? l.company + ", Inc." : l.company);
  set("title", l.title.empty() ? std::nullopt : Text(l.title));
  const double address = Unit(H(d, kAddress, row));
  const std::string number = std::to_string(1 + H(d, kStreetNumber, row) % 400);
  if (address < 0.2) {
    set("address", number + " Market St\nSuite " + std::to_string(100 + row % 300));
  } else if (address < 0.3) {
    set("address", "c/o \"" + l.company + "\", " + number + " Main St");
  }
  if (Unit(H(d, kStatusNull, row)) >= 0.15) set("leadStatus", Text(l.status));
  set("leadSource", Unit(H(d, kSourceEmpty, row)) < 0.1 ? std::string() : l.lead_source);
  if (l.partner >= 0) {
    set("utmSource", Text("partner"));
    set("referringPartner", Text(d.Partner(l.partner).name));
  } else {
    static constexpr std::string_view kUtmSources[] = {"google", "linkedin", "newsletter", "g2"};
    const uint64_t h = H(d, kUtm, row);
    if (Unit(h) >= 0.4) set("utmSource", Text(kUtmSources[(h >> 8) % 4]));
  }
  if (Unit(H(d, kAcquisition, row)) >= 0.3) {
    set("acquisitionProgramId", std::to_string(kMarketoProgramBase + l.campaign_row));
  }
  set("createdAt", FormatLeadDateTime(l.created_ms));
  set("updatedAt", FormatLeadDateTime(l.modified_ms));
  return out;
}

void AppendLeadJson(std::string& out, const MarketoLead& lead, std::span<const int> field_indexes) {
  out += '{';
  bool first = true;
  for (int i : field_indexes) {
    if (!first) out += ',';
    first = false;
    AppendJsonText(out, kFields[i].name);
    out += ':';
    const std::optional<std::string>& v = lead.values[i];
    if (!v) {
      out += "null";
    } else if (IsInteger(kFields[i])) {
      out += *v;
    } else {
      AppendJsonText(out, *v);
    }
  }
  out += '}';
}

std::optional<int64_t> MarketoLeadRow(const Dataset& d, int64_t id) {
  const int64_t row = id - kMarketoLeadBase;
  if (row < 0 || row >= d.Count(Entity::kLead)) return std::nullopt;
  return row;
}

MarketoProgram RenderMarketoProgram(const Dataset& d, int64_t row) {
  const CampaignRecord c = d.Campaign(row);
  MarketoProgram p;
  p.row = row;
  p.id = kMarketoProgramBase + row;
  p.deleted = c.archived;
  p.created_ms = c.created_ms;
  p.updated_ms = c.modified_ms;
  p.name = c.name;
  bool event = true;
  if (c.type == "Webinar") {
    p.type = "Event with Webinar";
    p.channel = "Webinar";
  } else if (c.type == "Conference") {
    p.type = "Event";
    p.channel = "Tradeshow";
  } else if (c.type == "Partners") {
    p.type = "Event";
    p.channel = "Partner Co-Marketing";
  } else if (c.type == "Email") {
    p.type = "Email";
    p.channel = "Email Send";
    p.status = "unlocked";
    event = false;
  } else {
    p.type = "Default";
    p.channel = "Online Advertising";
    event = false;
  }
  if (event) {
    p.start_ms = c.start_ms;
    p.end_ms = c.end_ms;
  }
  if (c.status != "Planned" && c.actual_cost > 0) {
    // The cost in one period per month the program ran in (at most two), as marketers enter it.
    const std::string first_month = FormatDate(c.start_ms).substr(0, 7);
    const std::string last_month = FormatDate(c.end_ms).substr(0, 7);
    const auto total = static_cast<int64_t>(std::llround(c.actual_cost));
    if (first_month == last_month) {
      p.costs.push_back({first_month + "-01", total});
    } else {
      const int64_t first = total * 3 / 5;
      p.costs.push_back({first_month + "-01", first});
      p.costs.push_back({last_month + "-01", total - first});
    }
  }
  return p;
}

void AppendProgramJson(std::string& out, const MarketoProgram& p) {
  out += "{\"id\":";
  AppendDecimal(out, p.id);
  out += ",\"name\":";
  AppendJsonText(out, p.name);
  out += ",\"description\":\"\",\"createdAt\":\"" + FormatAssetDateTime(p.created_ms) +
         "\",\"updatedAt\":\"" + FormatAssetDateTime(p.updated_ms) +
         "\",\"url\":\"https://app-sj01.marketo.com/#PG" + std::to_string(p.id) + "A1\",\"type\":";
  AppendJsonText(out, p.type);
  out += ",\"channel\":";
  AppendJsonText(out, p.channel);
  out += ",\"folder\":{\"type\":\"Folder\",\"value\":" + std::to_string(1000 + p.row % 7) +
         ",\"folderName\":\"Marketing Programs\"},\"status\":";
  AppendJsonText(out, p.status);
  out += ",\"workspace\":\"Default\",\"headStart\":false";
  if (p.start_ms) out += ",\"startDate\":\"" + FormatAssetDateTime(*p.start_ms) + "\"";
  if (p.end_ms) out += ",\"endDate\":\"" + FormatAssetDateTime(*p.end_ms) + "\"";
  if (!p.costs.empty()) {
    out += ",\"costs\":[";
    for (size_t i = 0; i < p.costs.size(); ++i) {
      if (i > 0) out += ',';
      out += "{\"startDate\":\"" + p.costs[i].start_date + "\",\"cost\":";
      AppendDecimal(out, p.costs[i].cost);
      out += ",\"note\":\"\"}";
    }
    out += ']';
  }
  out += '}';
}

std::optional<MarketoMembership> RenderMarketoMembership(const Dataset& d, int64_t row) {
  if (row < 0 || row >= d.Count(Entity::kCampaignMember)) return std::nullopt;
  const CampaignMemberRecord m = d.CampaignMember(row);
  if (m.archived || d.Archived(Entity::kLead, m.lead_row)) return std::nullopt;
  MarketoMembership out;
  out.lead_row = m.lead_row;
  out.program_row = m.campaign_row;
  out.membership_ms = m.created_ms;
  out.reached_success = m.responded;
  out.progression_status = m.responded ? "Responded" : "Member";
  const MarketoLead lead = RenderMarketoLead(d, m.lead_row);
  const auto& acquisition = lead.Value("acquisitionProgramId");
  out.acquired_by =
      acquisition && *acquisition == std::to_string(kMarketoProgramBase + m.campaign_row);
  return out;
}

}  // namespace tempo::fakes
