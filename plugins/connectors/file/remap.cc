// RemapRow: the raw record's values by the stream's source columns, then row_mapping.
#include "remap.h"

#include <simdjson.h>

#include <string>
#include <vector>

#include "file_listing.h"
#include "jsonl_reader.h"
#include "row_mapping.h"
#include "source_value.h"

namespace tempo::file {
namespace {

namespace od = simdjson::ondemand;
using sdk::Status;

// True when every top-level value of the JSON object in `text` is a string, as in the raw
// record of a CSV row. `text` must have simdjson's padding reserved.
bool AllStrings(od::parser& parser, const std::string& text) {
  simdjson::padded_string_view json(text.data(), text.size(), text.capacity());
  od::document doc;
  od::object object;
  if (parser.iterate(json).get(doc) || doc.get_object().get(object)) return false;
  for (auto field : object) {
    od::value value;
    od::json_type type;
    if (field.value().get(value) || value.type().get(type)) return false;
    if (type != od::json_type::string) return false;
  }
  return true;
}

// Whether the stream's rows are CSV rows, from its config alone (its files may be gone).
bool IsCsv(const StreamConfig& stream, od::parser& parser, const std::string& text) {
  if (stream.format != FileFormat::kFromExtension) return stream.format == FileFormat::kCsv;
  const FileFormat by_path = FormatFromExtension(stream.path);
  if (by_path != FileFormat::kFromExtension) return by_path == FileFormat::kCsv;
  return AllStrings(parser, text);
}

// "id", "updated_at" or "columns.<canonical>": the config key that names a slot's column.
std::string SlotUse(const StreamConfig& stream, size_t slot) {
  if (slot == 0) return "id";
  if (static_cast<int>(slot) == stream.updated_at_slot) return "updated_at";
  for (size_t i = 0; i < stream.columns.size(); ++i) {
    if (stream.column_slots[i] == slot) return "columns." + stream.columns[i].canonical;
  }
  return "columns";
}

}  // namespace

Status RemapRow(sdk::Context& ctx, const StreamConfig& stream, std::string_view raw_record) {
  od::parser parser;
  std::string text(raw_record);
  std::vector<SourceValue> values;
  std::string problem = ExtractObjectValues(parser, text, stream.source_columns, &values);
  if (!problem.empty()) {
    return Status::Data("stream '" + stream.name + "': the kept record is " + problem +
                        ", not a row this connector gave");
  }
  if (IsCsv(stream, parser, text)) {
    // A CSV row's record has every header column: a column the mapping names must be there, as
    // a read requires it in the header; an empty field is NULL, as a read sends it.
    for (size_t slot = 0; slot < values.size(); ++slot) {
      SourceValue& value = values[slot];
      if (value.type == SourceValue::Type::kAbsent) {
        return Status::InvalidArgument(
            "stream '" + stream.name + "': the kept row has no column '" +
            stream.source_columns[slot] + "' (named by " + SlotUse(stream, slot) +
            "); fix the stream's mapping to name a column of the file");
      }
      if (value.type == SourceValue::Type::kString && value.text.empty()) {
        value.type = SourceValue::Type::kNull;
      }
    }
  }
  if (std::string why = IdProblem(stream, values); !why.empty()) {
    ctx.RejectRecord("stream '" + stream.name + "': " + why, {}, raw_record);
    return Status::Ok();
  }
  sdk::RecordBatch batch(ctx, 1);
  AddRecord(stream, values, RowUpdatedAt(stream, values), raw_record, batch);
  return batch.Flush();
}

}  // namespace tempo::file
