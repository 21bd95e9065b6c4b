// The columns of a Reveal account-mapping export: which header names the connector reads for
// each field (defaults that follow the export as best known, or the admin's own names), and
// finding them in a file's header. README.md ("Column mapping") lists the defaults and why.
#ifndef TEMPO_PLUGINS_CONNECTORS_REVEAL_COLUMNS_H_
#define TEMPO_PLUGINS_CONNECTORS_REVEAL_COLUMNS_H_

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tempo/plugin.hpp"

namespace tempo::reveal {

// The fields an export row is read for, in config order.
enum class Field : size_t {
  kAccountName,
  kAccountDomain,
  kOurStatus,
  kOpenOpportunity,
  kPartnerName,
  kPartnerDomain,
  kPartnerStatus,
  kPartnerOpenOpportunity,
  kAccountCrmId,
};
inline constexpr size_t kFieldCount = 9;

struct FieldSpec {
  std::string_view key;             // under `columns:` in the config
  std::string_view default_column;  // the export's header name as best known; "" none
};

// Indexed by Field.
inline constexpr std::array<FieldSpec, kFieldCount> kFields = {{
    {"account_name", "Company Name"},
    {"account_domain", "Website"},
    {"our_status", "Account Status"},
    {"open_opportunity", "Open Deal"},
    {"partner_name", "Partner Name"},
    {"partner_domain", "Partner Website"},
    {"partner_status", "Partner Account Status"},
    {"partner_open_opportunity", "Partner Open Deal"},
    // Not among Reveal's default columns: an admin adds the CRM's id field to the mapping's
    // columns in Reveal, under whatever name the CRM gives it, and names it here.
    {"account_crm_id", ""},
}};

inline constexpr const FieldSpec& SpecOf(Field f) { return kFields[static_cast<size_t>(f)]; }

// The header name to read for each field.
struct ColumnNames {
  std::array<std::string, kFieldCount> column;  // "" : the field is not read
  std::array<bool, kFieldCount> configured{};   // named by the admin (else a default)

  // Every field at its default.
  ColumnNames();
  const std::string& operator[](Field f) const { return column[static_cast<size_t>(f)]; }
};

// Sets `columns` from the config's `columns:` object (JSON text, "" for none): each key names
// the header column of a field; "" turns a field off. InvalidArgument naming the key for an
// unknown key or a value that is not a string, and when the config leaves no account field
// (account_name, account_domain) or no partner field (partner_name, partner_domain) on.
sdk::Status ReadColumnNames(std::string_view json, ColumnNames* columns);

// Where each field is in one file's header: an index into the row, or kAbsent.
struct HeaderMap {
  static constexpr size_t kAbsent = static_cast<size_t>(-1);
  std::array<size_t, kFieldCount> index;

  HeaderMap() { index.fill(kAbsent); }
  size_t operator[](Field f) const { return index[static_cast<size_t>(f)]; }
  bool Has(Field f) const { return (*this)[f] != kAbsent; }
};

// Finds the fields' columns in `header` (names compared case-insensitively, surrounding blanks
// ignored; the first of equal names wins). A column the admin named that the header lacks is
// an InvalidArgument (the message lists the header); a default column it lacks leaves that
// field empty, with a line in *warnings; a header with no account column or no partner column
// at all is an InvalidArgument. Messages name `file`.
sdk::Status MapHeader(const ColumnNames& columns, const std::string& file,
                      const std::vector<std::string>& header, HeaderMap* out,
                      std::vector<std::string>* warnings);

}  // namespace tempo::reveal

#endif  // TEMPO_PLUGINS_CONNECTORS_REVEAL_COLUMNS_H_
