// Deal amounts in US dollars: a Destination in front of another that fills `amount_usd`,
// `fx_rate` and `fx_date` of every opportunity record that carries an `amount` but no
// `amount_usd` of the CRM's own (docs/configuration.md, "Exchange rates"; the columns are in
// docs/store-schema.md):
//
//   - an amount in USD is its own amount_usd (fx_rate 1);
//   - an amount in another currency takes the rate of `store.fx_rates` for the deal's date (its
//     close date, else its creation date, else today): the latest rate on or before it;
//   - an amount whose currency has no such rate, or that has no currency, gets amount_usd NULL
//     and is counted: never summed as dollars. The counts go into the run record (the stream's
//     `unconverted_amounts` and `unconverted_currencies` in sync_runs.streams_json) and the sync
//     summary.
//
// A record whose connector converted the amount (a non-null amount_usd) is written as it came.
// Thread-safety: one thread at a time, as every Destination (destination.h).
#ifndef TEMPO_HOST_SYNC_FX_CONVERSION_H_
#define TEMPO_HOST_SYNC_FX_CONVERSION_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/fx_rates.h"
#include "sync/destination.h"

namespace tempo::sync {

// Amounts left without a dollar value, by currency ("" for amounts without a currency).
using UnconvertedCounts = std::map<std::string, int64_t>;

class FxConvertingDestination : public Destination {
 public:
  // `rates` may be null (no table: only USD amounts are converted). `today` (YYYY-MM-DD) dates
  // a deal that has neither a close nor a creation date.
  FxConvertingDestination(Destination& inner, std::shared_ptr<const config::FxRates> rates,
                          std::string today);

  Result<int64_t> BeginRun(const RunInfo& info) override { return inner_.BeginRun(info); }
  Result<StreamState> LoadState(std::string_view stream) override {
    return inner_.LoadState(stream);
  }
  Status Begin() override { return inner_.Begin(); }
  Status Write(const tempo_record& record, std::string* reject) override;
  Status WriteReject(const Reject& reject) override { return inner_.WriteReject(reject); }
  Status CheckScope(std::string_view entity, const RowScope& scope) override {
    return inner_.CheckScope(entity, scope);
  }
  Result<int64_t> DeleteUnseen(std::string_view entity, int64_t since_run_id,
                               const RowScope& scope) override {
    return inner_.DeleteUnseen(entity, since_run_id, scope);
  }
  Status Commit(std::string_view stream, std::string_view state_json,
                std::optional<int64_t> refresh_run_id) override;
  void Rollback() override;
  // Records the committed counts in the summary's streams_json (AnnotateStreams) first.
  Status FinishRun(int64_t run_id, const RunSummary& summary) override;

  // The committed counts per stream.
  const std::map<std::string, UnconvertedCounts>& unconverted() const { return committed_; }
  // All streams' counts together.
  UnconvertedCounts TotalUnconverted() const;
  // `streams_json` (a JSON object keyed by stream) with `unconverted_amounts` (a count) and
  // `unconverted_currencies` (count per currency, "" for none) added to each stream that has
  // committed unconverted amounts; unchanged when none has.
  std::string AnnotateStreams(const std::string& streams_json) const;

 private:
  Destination& inner_;
  std::shared_ptr<const config::FxRates> rates_;
  std::string today_;
  UnconvertedCounts pending_;  // in the open transaction
  std::map<std::string, UnconvertedCounts> committed_;
  std::vector<tempo_field> fields_;  // scratch: the converted record's fields
  std::string fx_date_;              // scratch: its fx_date
};

// "3 amounts not converted to USD (no rate for CHF: 2, no currency: 1)": the sync summary's
// words for `counts`; "" when there are none.
std::string DescribeUnconverted(const UnconvertedCounts& counts);

// Today's date in UTC, YYYY-MM-DD.
std::string TodayUtc();

}  // namespace tempo::sync

#endif  // TEMPO_HOST_SYNC_FX_CONVERSION_H_
