// A stream's `emit:` list: which canonical rows each record becomes, and how each column's
// value is made. Entity and column names, and the values of enumerated columns, are checked
// against the canonical model (the kit's tempo/canonical.hpp). See manifest_loader.h.
#include <algorithm>

#include "manifest_parts.h"
#include "tempo/canonical.hpp"
#include "tempo/text.hpp"

namespace tempo::rest {
namespace {

// Checks `value`, written for `entity`.`column`, against the column's allowed values.
void CheckAllowed(const std::string& entity, const std::string& column, const std::string& value,
                  const YAML::Mark& mark, const std::string& path, ManifestErrors* errors) {
  const std::vector<std::string_view> allowed = canonical::AllowedValues(entity, column);
  if (allowed.empty() || value.empty()) return;
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  std::string list;
  for (std::string_view v : allowed) list += (list.empty() ? "" : ", ") + std::string(v);
  errors->Add(mark, path,
              "'" + value + "' is not a value " + entity + "." + column +
                  " allows (the store would reject every record); use one of: " + list);
}

void ReadColumn(const YamlMap& columns, const std::string& column, const std::string& entity,
                const LoadContext& ctx, ColumnSpec* out) {
  out->column = column;
  const YAML::Node node = columns.Get(column);
  const YAML::Mark mark = columns.MarkOf(column);
  out->line = mark.line + 1;
  out->column_at = mark.column + 1;
  const std::string path = columns.PathOf(column);
  if (node.IsScalar()) {  // the short form: a path
    columns.Path(column, &out->path);
    return;
  }
  YamlMap c(node, path, ctx.errors, {"path", "const", "type", "format", "scale", "map", "default"});
  if (!c.valid()) return;
  if (c.Has("path") == c.Has("const")) {
    ctx.errors->Add(mark, path, "give either path (the source field) or const (a fixed value)");
  }
  c.Path("path", &out->path);
  std::string constant;
  if (c.String("const", &constant)) {
    out->constant = constant;
  }
  std::string type;
  if (c.OneOf("type", {"string", "number", "integer", "boolean", "time"}, &type)) {
    out->type = type == "string"    ? ValueType::kString
                : type == "number"  ? ValueType::kNumber
                : type == "integer" ? ValueType::kInteger
                : type == "boolean" ? ValueType::kBoolean
                                    : ValueType::kTime;
  }
  std::string format;
  if (out->type == ValueType::kTime) {
    if (c.OneOf("format", kTimeFormats, &format, true)) out->time_format = TimeFormatNamed(format);
  } else if (c.Has("format")) {
    c.Error("format", "applies to type: time only (how the source writes the time)");
  }
  if (c.Has("scale")) {
    if (out->type != ValueType::kNumber && out->type != ValueType::kInteger) {
      c.Error("scale", "applies to type: number or integer only");
    } else {
      c.Number("scale", &out->scale);
    }
  }
  const bool text_out = out->type == ValueType::kAsIs || out->type == ValueType::kString;
  if (c.Has("map")) {
    const YAML::Node map = c.Get("map");
    if (!map.IsMap() || map.size() == 0) {
      c.Error("map", "expected a mapping of source values to stored values");
    } else {
      for (auto it = map.begin(); it != map.end(); ++it) {
        if (!it->first.IsScalar() || !it->second.IsScalar()) {
          ctx.errors->Add(it->first.Mark(), c.PathOf("map"),
                          "each entry maps one source value to one stored value");
          continue;
        }
        out->map.emplace_back(it->first.Scalar(), it->second.Scalar());
        if (text_out) {
          CheckAllowed(entity, column, it->second.Scalar(), it->second.Mark(),
                       c.PathOf("map") + "." + it->first.Scalar(), ctx.errors);
        }
      }
    }
  }
  std::string fallback;
  if (c.String("default", &fallback)) {
    if (!c.Has("map")) {
      c.Error("default", "applies with map only: the value for a source value the map lacks");
    }
    out->map_default = fallback;
    if (text_out)
      CheckAllowed(entity, column, fallback, c.MarkOf("default"), c.PathOf("default"), ctx.errors);
  }
  if (out->constant && text_out && out->map.empty()) {
    CheckAllowed(entity, column, *out->constant, c.MarkOf("const"), c.PathOf("const"), ctx.errors);
  }
}

}  // namespace

void ReadEmit(const YAML::Node& node, const std::string& path, const JsonPath& primary_key,
              const LoadContext& ctx, EmitSpec* out) {
  YamlMap e(node, path, ctx.errors, {"entity", "id", "when", "columns"});
  if (!e.valid()) return;
  if (e.String("entity", &out->entity, true)) {
    const std::vector<std::string_view> entities = canonical::Entities();
    if (std::find(entities.begin(), entities.end(), out->entity) == entities.end()) {
      const std::string closest = sdk::ClosestMatch(out->entity, entities);
      std::string list;
      for (std::string_view v : entities) list += (list.empty() ? "" : ", ") + std::string(v);
      e.Error("entity", "'" + out->entity + "' is not a canonical entity" +
                            (closest.empty() ? "" : " (did you mean '" + closest + "'?)") +
                            "; the entities are: " + list + " (docs/store-schema.md)");
      out->entity.clear();
    }
  }
  if (e.Has("id")) {
    const YAML::Node id = e.Get("id");
    if (id.IsScalar()) {
      JsonPath p;
      if (e.Path("id", &p)) out->id.push_back(p);
    } else if (id.IsSequence() && id.size() > 0) {
      for (const YAML::Node& part : id) {
        std::string why;
        std::optional<JsonPath> p =
            part.IsScalar() ? ParseJsonPath(part.Scalar(), &why) : std::nullopt;
        if (!p) {
          ctx.errors->Add(part.Mark(), e.PathOf("id"),
                          why.empty() ? "each part of a composite id is a path" : why);
          continue;
        }
        out->id.push_back(*p);
      }
    } else {
      e.Error("id", "expected a path, or a list of paths whose values are joined with ':'");
    }
  } else if (!primary_key.empty()) {
    out->id.push_back(primary_key);
  }
  e.Path("when", &out->when);
  if (!e.Require("columns") || out->entity.empty()) return;
  const std::vector<std::string_view> known = canonical::ColumnsOf(out->entity);
  YamlMap columns(e.Get("columns"), e.PathOf("columns"), ctx.errors, known,
                  "column of " + out->entity);
  if (!columns.valid()) return;
  for (const std::string& column : columns.Keys()) {
    ColumnSpec c;
    ReadColumn(columns, column, out->entity, ctx, &c);
    out->columns.push_back(std::move(c));
  }
}

}  // namespace tempo::rest
