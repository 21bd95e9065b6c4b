// Fuzz target: Marketo's pages as its readers take them apart, without the client's waits
// (its rate window sleeps): part 1 a describe.json answer (the lead fields), part 2 a REST
// page (the envelope, its results as leads, programs and program members, the lead-change
// activities), part 3 a bulk export file (CSV records, read in ranges as they arrive, as leads).
#include <string>
#include <vector>

#include "activities.h"
#include "csv.h"
#include "envelope.h"
#include "fuzz_input.h"
#include "lead_fields.h"
#include "lead_mapping.h"
#include "program_mapping.h"
#include "tempo/plugin.hpp"
#include "tempo/testing/fake_host.hpp"

namespace mk = tempo::marketo;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<std::string_view> parts = tempo::fuzz::SplitParts(data, size, 3);
  tempo::sdk::testing::FakeHost host;
  tempo::sdk::Context ctx(host.ctx());
  tempo::sdk::RecordBatch batch(ctx, 16);

  mk::Envelope describe;
  mk::LeadFields fields;
  if (describe.Parse(parts[0], "describe").ok()) {
    if (!mk::ChooseLeadFields(mk::DescribedFields(describe), "", &fields).ok()) {
      fields.names = {"id", "email", "updatedAt", "createdAt"};
    }
  }
  mk::LeadMapper leads(fields);

  if (parts.size() > 1) {
    mk::Envelope page;
    if (page.Parse(parts[1], "page").ok()) {
      (void)mk::ChangedLeadIds(page);
      for (size_t i = 0; i < page.results().size(); ++i) {
        const auto& result = page.results()[i];
        const std::string_view raw = page.RawResult(i);
        std::string reject;
        leads.EmitJson(ctx, batch, result, raw, "page");
        (void)mk::DeletedLeadOf(result);
        (void)mk::EmitProgram(batch, result, raw, &reject);
        (void)mk::EmitMember(batch, "1001", result, raw, &reject);
      }
      for (const mk::MarketoError& e : page.errors()) (void)mk::ActionFor(e.code);
    }
    (void)batch
        .Flush();  // the records point into the page: flushed before it goes, as the readers do
  }

  if (parts.size() > 2) {
    // The export file in ranges of 7 bytes: records cut anywhere must wait for the next range.
    const std::string_view file = parts[2];
    std::vector<std::string> record;
    size_t pos = mk::SkipBom(file), available = 0;
    bool header = true, refused = false;
    while (!refused) {
      available = std::min(file.size(), available + 7);
      const bool at_end = available == file.size();
      mk::CsvNext next = mk::CsvNext::kNeedMore;
      while (!refused && (next = mk::NextCsvRecord(file.substr(0, available), &pos, at_end,
                                                   &record)) == mk::CsvNext::kRecord) {
        if (header) {
          header = false;
          refused = !leads.SetHeader(record, "export").ok();
        } else {
          leads.EmitRow(ctx, batch, record, "export", static_cast<int64_t>(pos));
        }
      }
      if (next == mk::CsvNext::kUnterminated || at_end) break;
    }
    (void)batch.Flush();
  }
  return 0;
}
