// Partner and overlap records from reported overlaps.
#include "records.h"

#include <utility>

#include "tempo/model.h"

namespace tempo::reveal {
namespace {

namespace overlap = model::overlap;
namespace partner = model::partner;

constexpr size_t kMaxStatusWarnings = 20;

std::string_view Trim(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

// Sets `column` to `value`, or to NULL when it is empty (a row states every column it has).
void StrOrNull(sdk::RecordBatch& batch, std::string_view column, std::string_view value) {
  if (value.empty()) {
    batch.Null(column);
  } else {
    batch.Str(column, batch.Copy(value));
  }
}

}  // namespace

RecordMaker::RecordMaker(sdk::Context& ctx, std::string stream_name, RevealStream stream,
                         const StatusMap& statuses, sdk::RecordBatch& batch)
    : ctx_(ctx),
      stream_name_(std::move(stream_name)),
      stream_(stream),
      statuses_(statuses),
      batch_(batch) {}

Unusable RecordMaker::Add(const ReportedOverlap& row, std::string_view snapshot_at,
                          std::string_view raw) {
  if (stream_ == RevealStream::kPartners) {
    std::string key = EntityKey(row.partner_name, row.partner_domain);
    if (key.empty()) return Unusable::kNoPartner;
    if (!partners_.insert(key).second) return Unusable::kNo;
    // A partner is named by many rows, some perhaps without its name or domain: a record sets
    // only what its row knows, so an empty cell never erases what another row said.
    batch_.Begin(model::kPartner, batch_.Copy(key));
    if (!row.partner_name.empty()) batch_.Str(partner::kName, batch_.Copy(row.partner_name));
    if (!row.partner_domain.empty()) batch_.Str(partner::kDomain, batch_.Copy(row.partner_domain));
    return Unusable::kNo;
  }
  Unusable why = MapOverlap(row, statuses_, &mapped_);
  if (why != Unusable::kNo) return why;
  if (mapped_.ours.unknown_status) WarnUnknown(row.our_status);
  if (mapped_.theirs.unknown_status) WarnUnknown(row.partner_status);
  AddOverlap(row, mapped_, snapshot_at, raw);
  return Unusable::kNo;
}

void RecordMaker::AddOverlap(const ReportedOverlap& row, const MappedOverlap& mapped,
                             std::string_view snapshot_at, std::string_view raw) {
  batch_.Begin(model::kOverlap, batch_.Copy(mapped.overlap_id));
  if (!raw.empty()) batch_.Raw(batch_.Copy(raw));
  batch_.Str(overlap::kProvider, overlap::provider::kReveal);
  batch_.Str(overlap::kPartnerSourceId, batch_.Copy(mapped.partner_key));
  StrOrNull(batch_, overlap::kPartnerName, row.partner_name);
  StrOrNull(batch_, overlap::kPartnerDomain, row.partner_domain);
  StrOrNull(batch_, overlap::kAccountName, row.account_name);
  StrOrNull(batch_, overlap::kAccountDomain, row.account_domain);
  StrOrNull(batch_, overlap::kOurPopulation, mapped.ours.value);
  StrOrNull(batch_, overlap::kPartnerPopulation, mapped.theirs.value);
  StrOrNull(batch_, overlap::kSnapshotAt, snapshot_at);
  batch_.Str(overlap::kRecordType, overlap::record_type::kAccount);     // Reveal maps accounts
  StrOrNull(batch_, overlap::kAccountCrmId, Trim(row.account_crm_id));  // an id: exact joins
}

void RecordMaker::WarnUnknown(std::string_view status) {
  std::string normalized = NormalizeStatus(status);
  if (unknown_statuses_.size() > kMaxStatusWarnings || unknown_statuses_.count(normalized)) return;
  unknown_statuses_.insert(std::move(normalized));
  if (unknown_statuses_.size() > kMaxStatusWarnings) {
    ctx_.Warn("stream '" + stream_name_ + "': more statuses are not in status_values (" +
              std::to_string(kMaxStatusWarnings) + " named above); they are stored as other");
    return;
  }
  ctx_.Warn("stream '" + stream_name_ + "': the status '" + std::string(status.substr(0, 80)) +
            "' is not in status_values, so it is stored as other; map it under status_values "
            "to change that");
}

}  // namespace tempo::reveal
