// WritePartnerFiles: the five files of partner_files.h, rendered from the dataset.
#include "fakes/files/partner_files.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "common/json_writer.h"
#include "fakes/core/encoding.h"

namespace tempo::fakes {
namespace {

std::string Numbered(const char* prefix, int64_t number, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%0*lld", prefix, digits, static_cast<long long>(number));
  return buf;
}

// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string Csv(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Line(std::initializer_list<std::string_view> fields) {
  std::string line;
  for (std::string_view f : fields) {
    if (!line.empty()) line += ',';
    line += Csv(f);
  }
  return line + "\n";
}

// The website as a partner manager types it into the sheet.
std::string TypedWebsite(const std::string& domain, int index) {
  switch (index % 4) {
    case 0:
      return "https://www." + domain + "/partners";
    case 1:
      return domain;
    case 2:
      return "www." + domain;
    default:
      return "http://" + domain + "/";
  }
}

std::string OptionalDate(const std::optional<int64_t>& ms) { return ms ? FormatDate(*ms) : ""; }

class Files {
 public:
  explicit Files(std::filesystem::path dir) : dir_(std::move(dir)) {}

  Status Write(const std::string& name, const std::string& text) {
    const std::filesystem::path path = dir_ / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) return Status::Io("cannot write " + path.string());
    return Status::Ok();
  }

 private:
  std::filesystem::path dir_;
};

std::string PartnersCsv(const Dataset& d) {
  std::string text = Line(
      {"partner_id", "name", "website", "type", "tier", "status", "partnered_at", "updated_at"});
  for (int p = 0; p < d.PartnerCount(); ++p) {
    const PartnerInfo& info = d.Partner(p);
    text += Line({PartnerFileId(p), info.name, TypedWebsite(info.domain, p), info.partner_type,
                  info.tier, "active", FormatDate(info.partnered_ms),
                  FormatIsoMillis(info.partnered_ms)});
  }
  return text;
}

std::string IntegrationsCsv(const Dataset& d) {
  std::string text = Line({"integration_id", "partner_id", "name", "status", "released_at"});
  for (int i = 0; i < d.IntegrationCount(); ++i) {
    const IntegrationInfo& info = d.Integration(i);
    text += Line({IntegrationFileId(i), PartnerFileId(info.partner), info.name, info.status,
                  info.status == "planned" ? "" : FormatDate(info.released_ms)});
  }
  return text;
}

std::string AccountsCsv(const Dataset& d) {
  std::string text = Line({"account_id", "name", "website", "lifecycle", "customer_since",
                           "churned_at", "arr_usd", "updated_at"});
  for (int64_t row = d.PartnerCount(); row < d.Count(Entity::kAccount); ++row) {
    const AccountRecord a = d.AccountProfile(row);
    if (a.archived) continue;
    text += Line({AccountFileId(row), a.name, row % 3 == 0 ? "https://www." + a.domain : a.domain,
                  a.lifecycle, OptionalDate(a.customer_since_ms), OptionalDate(a.churned_ms),
                  a.arr_usd ? std::to_string(*a.arr_usd) : "", FormatIsoMillis(a.modified_ms)});
  }
  return text;
}

std::string InstallsJsonl(const Dataset& d) {
  std::string text;
  int64_t id = 0;
  for (int64_t row = d.PartnerCount(); row < d.Count(Entity::kAccount); ++row) {
    if (d.Archived(Entity::kAccount, row)) continue;
    for (const InstallRecord& in : d.Installs(row)) {
      JsonWriter w;
      w.BeginObject().Key("install_id").String(Numbered("IN", ++id, 5));
      w.Key("account_id").String(AccountFileId(in.account_row));
      w.Key("integration_id").String(IntegrationFileId(in.integration));
      w.Key("installed_at").String(FormatDate(in.installed_ms));
      w.Key("uninstalled_at");
      if (in.uninstalled_ms) {
        w.String(FormatDate(*in.uninstalled_ms));
      } else {
        w.Null();
      }
      text += w.EndObject().str() + "\n";
    }
  }
  return text;
}

std::string ActivitiesJsonl(const Dataset& d) {
  std::string text;
  for (int64_t row = 0; row < d.ActivityCount(); ++row) {
    const ActivityRecord a = d.Activity(row);
    JsonWriter w;
    w.BeginObject().Key("activity_id").String(Numbered("ACT", row + 1, 5));
    w.Key("partner_id").String(PartnerFileId(a.partner));
    w.Key("account_id");
    if (a.account_row >= 0) {
      w.String(AccountFileId(a.account_row));
    } else {
      w.Null();
    }
    w.Key("kind").String(a.kind).Key("occurred_at").String(FormatIsoMillis(a.occurred_ms));
    text += w.EndObject().str() + "\n";
  }
  return text;
}

}  // namespace

std::string PartnerFileId(int partner) { return Numbered("P", partner + 1, 2); }
std::string AccountFileId(int64_t account_row) { return Numbered("A", account_row + 1, 4); }
std::string IntegrationFileId(int integration) { return Numbered("I", integration + 1, 2); }

Status WritePartnerFiles(const Dataset& dataset, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Io("cannot create " + dir + ": " + ec.message());
  Files files(dir);
  for (const auto& [name, text] :
       {std::pair<const char*, std::string>{"partners.csv", PartnersCsv(dataset)},
        {"integrations.csv", IntegrationsCsv(dataset)},
        {"accounts.csv", AccountsCsv(dataset)},
        {"integration_installs.jsonl", InstallsJsonl(dataset)},
        {"partner_activities.jsonl", ActivitiesJsonl(dataset)}}) {
    if (Status s = files.Write(name, text); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace tempo::fakes
