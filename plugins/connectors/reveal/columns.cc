// The export's columns: the config's names for them, and their place in a file's header.
#include "columns.h"

#include <simdjson.h>

#include "tempo/text.hpp"

namespace tempo::reveal {
namespace {

namespace dom = simdjson::dom;
using sdk::Status;

std::string_view Trim(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

// "Company Name, Website, ..." (at most 30 names), for messages.
std::string HeaderList(const std::vector<std::string>& header) {
  std::string out;
  for (size_t i = 0; i < header.size() && i < 30; ++i) out += (i == 0 ? "" : ", ") + header[i];
  if (header.size() > 30) out += ", ...";
  return out;
}

// "'Company Name' (columns.account_name)", or "columns.account_name (off)".
std::string Describe(const ColumnNames& columns, Field f) {
  const std::string key = "columns." + std::string(SpecOf(f).key);
  return columns[f].empty() ? key + " (off)" : "'" + columns[f] + "' (" + key + ")";
}

}  // namespace

ColumnNames::ColumnNames() {
  for (size_t i = 0; i < kFieldCount; ++i) column[i] = std::string(kFields[i].default_column);
}

Status ReadColumnNames(std::string_view json, ColumnNames* columns) {
  *columns = ColumnNames();
  if (!json.empty() && json != "null") {
    dom::parser parser;
    dom::element doc;
    dom::object object;
    if (parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS ||
        doc.get_object().get(object) != simdjson::SUCCESS) {
      return Status::InvalidArgument(
          "columns must map fields (account_name, ...) to the "
          "export's column names");
    }
    for (dom::key_value_pair kv : object) {
      size_t i = 0;
      while (i < kFieldCount && kFields[i].key != kv.key) ++i;
      if (i == kFieldCount) {
        std::string keys;
        for (const FieldSpec& spec : kFields) {
          keys += (keys.empty() ? "" : ", ") + std::string(spec.key);
        }
        return Status::InvalidArgument("columns." + std::string(kv.key) +
                                       ": no such field; the fields are " + keys);
      }
      std::string_view name;
      if (kv.value.get_string().get(name) != simdjson::SUCCESS) {
        return Status::InvalidArgument("columns." + std::string(kv.key) +
                                       " must be a column name (\"\" to read no column)");
      }
      columns->column[i] = std::string(Trim(name));
      columns->configured[i] = true;
    }
  }
  const ColumnNames& c = *columns;
  if (c[Field::kAccountName].empty() && c[Field::kAccountDomain].empty()) {
    return Status::InvalidArgument(
        "columns: account_name and account_domain are both off; an overlap needs the account's "
        "name or domain");
  }
  if (c[Field::kPartnerName].empty() && c[Field::kPartnerDomain].empty()) {
    return Status::InvalidArgument(
        "columns: partner_name and partner_domain are both off; an overlap needs the partner's "
        "name or domain");
  }
  return Status::Ok();
}

Status MapHeader(const ColumnNames& columns, const std::string& file,
                 const std::vector<std::string>& header, HeaderMap* out,
                 std::vector<std::string>* warnings) {
  *out = HeaderMap();
  for (size_t i = 0; i < kFieldCount; ++i) {
    const Field f = static_cast<Field>(i);
    const std::string& wanted = columns.column[i];
    if (wanted.empty()) continue;
    for (size_t at = 0; at < header.size() && !out->Has(f); ++at) {
      if (sdk::EqualsNoCase(Trim(header[at]), wanted)) out->index[i] = at;
    }
    if (out->Has(f)) continue;
    if (columns.configured[i]) {
      return Status::InvalidArgument(file + " has no column " + Describe(columns, f) +
                                     "; its columns are: " + HeaderList(header) + ". Fix columns." +
                                     std::string(kFields[i].key) + " or the file's header");
    }
    warnings->push_back(file + " has no column " + Describe(columns, f) + ", so " +
                        std::string(kFields[i].key) +
                        " stays empty; name its column in the config, or set it to \"\"");
  }
  auto need = [&](Field a, Field b, const char* what) {
    if (out->Has(a) || out->Has(b)) return Status::Ok();
    return Status::InvalidArgument(file + " has neither " + Describe(columns, a) + " nor " +
                                   Describe(columns, b) + ", so no row names its " + what +
                                   "; its columns are: " + HeaderList(header) +
                                   ". Name them under columns:");
  };
  if (Status s = need(Field::kAccountName, Field::kAccountDomain, "account"); !s.ok()) return s;
  return need(Field::kPartnerName, Field::kPartnerDomain, "partner");
}

}  // namespace tempo::reveal
