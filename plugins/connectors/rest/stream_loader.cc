// A manifest's streams: request, records, paging and stop condition, incremental cursor. The
// mapping to canonical rows is emit_loader.cc's. See manifest_loader.h.
#include <algorithm>

#include "manifest_parts.h"

namespace tempo::rest {
namespace {

struct PagingRule {
  std::string_view type;
  PagingKind kind;
  std::vector<std::string_view> required;  // besides type
  std::vector<std::string_view> optional;
  std::vector<std::string_view> stops;  // the first is the default
};

const std::vector<PagingRule>& PagingRules() {
  static const auto* rules = new std::vector<PagingRule>{
      {"none", PagingKind::kNone, {}, {"size_param", "size"}, {}},
      {"cursor",
       PagingKind::kCursor,
       {"param", "cursor"},
       {"size_param", "size", "stop"},
       {"no_next", "has_more"}},
      {"next_link", PagingKind::kNextLink, {"next"}, {"size_param", "size", "stop"}, {"no_next"}},
      {"link_header", PagingKind::kLinkHeader, {}, {"size_param", "size", "stop"}, {"no_next"}},
      {"offset",
       PagingKind::kOffset,
       {"param", "size_param", "size"},
       {"stop"},
       {"short_page", "empty_page", "total"}},
      {"page",
       PagingKind::kPage,
       {"param"},
       {"size_param", "size", "start", "stop"},
       {"empty_page", "short_page", "total_pages", "has_more"}},
      {"after_key",
       PagingKind::kAfterKey,
       {"param", "key"},
       {"size_param", "size", "stop"},
       {"empty_page", "short_page", "has_more"}},
  };
  return *rules;
}

StopKind StopNamed(std::string_view name) {
  if (name == "has_more") return StopKind::kHasMore;
  if (name == "empty_page") return StopKind::kEmptyPage;
  if (name == "short_page") return StopKind::kShortPage;
  if (name == "total") return StopKind::kTotal;
  if (name == "total_pages") return StopKind::kTotalPages;
  return StopKind::kNoNext;
}

// A stop that reads a value from the body.
bool StopNeedsPath(std::string_view name) {
  return name == "has_more" || name == "total" || name == "total_pages";
}

std::string Join(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

void ReadPaging(const YAML::Node& node, const std::string& path, const LoadContext& ctx,
                PagingSpec* out) {
  YamlMap p(node, path, ctx.errors,
            {"type", "param", "cursor", "next", "key", "size_param", "size", "start", "stop"});
  if (!p.valid()) return;
  std::vector<std::string_view> types;
  for (const PagingRule& r : PagingRules()) types.push_back(r.type);
  std::string type;
  if (!p.OneOf("type", types, &type, true)) return;
  const PagingRule& rule = *std::find_if(PagingRules().begin(), PagingRules().end(),
                                         [&](const PagingRule& r) { return r.type == type; });
  out->kind = rule.kind;
  for (const std::string& key : p.Keys()) {
    if (key == "type") continue;
    const bool applies =
        std::find(rule.required.begin(), rule.required.end(), key) != rule.required.end() ||
        std::find(rule.optional.begin(), rule.optional.end(), key) != rule.optional.end();
    if (!applies) {
      std::vector<std::string_view> takes = rule.required;
      takes.insert(takes.end(), rule.optional.begin(), rule.optional.end());
      p.Error(key, "does not apply to paging type " + type +
                       (takes.empty() ? "" : "; it takes " + Join(takes)));
    }
  }
  for (std::string_view key : rule.required) p.Require(key);
  p.String("param", &out->param);
  p.String("size_param", &out->size_param);
  p.Path("cursor", &out->cursor);
  p.Path("next", &out->next);
  p.Path("key", &out->key);
  if (ReadTemplate(p, "size", ctx, &out->size) && out->size.Keys().empty()) {
    const std::string& text = out->size.text();
    const bool number =
        !text.empty() && text.size() < 10 &&
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!number || std::stoll(text) < 1) {
      p.Error("size", "must be a whole number of records of at least 1, or {{ config.KEY }}");
    }
  }
  out->start = rule.kind == PagingKind::kPage ? 1 : 0;
  p.Integer("start", &out->start);
  std::string stop = rule.stops.empty() ? "" : std::string(rule.stops.front());
  if (rule.kind == PagingKind::kOffset && !p.Has("stop")) stop = "short_page";
  if (p.Has("stop")) {
    const YAML::Node node_stop = p.Get("stop");
    if (node_stop.IsMap() && node_stop.size() == 1) {
      const std::string name = node_stop.begin()->first.Scalar();
      YamlMap s(node_stop, p.PathOf("stop"), ctx.errors, rule.stops, "stop condition of " + type);
      if (s.Has(name)) {
        if (!StopNeedsPath(name)) {
          s.Error(name, "takes no value; write stop: " + name);
        } else if (s.Path(name, &out->stop_path, true)) {
          stop = name;
        }
      }
    } else if (node_stop.IsScalar()) {
      const std::string name = node_stop.Scalar();
      if (std::find(rule.stops.begin(), rule.stops.end(), name) == rule.stops.end()) {
        p.Error("stop", "'" + name + "' is not a stop condition of paging type " + type +
                            "; use one of: " + Join(rule.stops));
      } else if (StopNeedsPath(name)) {
        p.Error("stop", name + " needs the value's place: write stop: {" + name +
                            ": data.has_more} with the path of the value in the body");
      } else {
        stop = name;
      }
    } else {
      p.Error("stop", "expected a stop condition (" + Join(rule.stops) +
                          "), or one of them with a path, e.g. {has_more: data.has_more}");
    }
  }
  out->stop = StopNamed(stop);
  if (out->stop == StopKind::kShortPage && out->size.empty()) {
    p.Error("stop", "short_page needs the page size: set size (and size_param to send it)");
  }
}

void ReadIncremental(const YAML::Node& node, const std::string& path, const LoadContext& ctx,
                     IncrementalSpec* out) {
  YamlMap inc(node, path, ctx.errors, {"field", "format", "param", "param_format"});
  if (!inc.valid()) return;
  inc.Path("field", &out->field, true);
  std::string format;
  if (inc.OneOf("format", kTimeFormats, &format, true)) out->format = TimeFormatNamed(format);
  if (inc.String("param", &out->param, true) && out->param.empty()) {
    inc.Error("param", "must not be empty: the request parameter that asks for changes since");
  }
  out->param_format = out->format;
  if (inc.OneOf("param_format", kTimeFormats, &format)) out->param_format = TimeFormatNamed(format);
}

bool IsStreamName(std::string_view name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

void ReadDefaults(const YAML::Node& node, const LoadContext& ctx, StreamDefaults* out) {
  YamlMap d(node, "defaults", ctx.errors,
            {"params", "headers", "records", "paging", "incremental"});
  if (!d.valid()) return;
  ReadTemplates(d, "params", ctx, &out->params);
  ReadTemplates(d, "headers", ctx, &out->headers);
  JsonPath records;
  if (d.Path("records", &records)) out->records = records;
  if (d.Has("paging")) {
    PagingSpec paging;
    ReadPaging(d.Get("paging"), d.PathOf("paging"), ctx, &paging);
    out->paging = paging;
  }
  if (d.Has("incremental")) {
    IncrementalSpec inc;
    ReadIncremental(d.Get("incremental"), d.PathOf("incremental"), ctx, &inc);
    out->incremental = inc;
  }
}

void ReadStream(const YAML::Node& node, const std::string& path, const StreamDefaults& defaults,
                const LoadContext& ctx, StreamSpec* out) {
  YamlMap s(node, path, ctx.errors,
            {"name", "description", "path", "params", "headers", "records", "primary_key", "paging",
             "incremental", "updated_at", "emit"});
  if (!s.valid()) return;
  if (s.String("name", &out->name, true) && !IsStreamName(out->name)) {
    s.Error("name", "must be a lower-case name (letters, digits, '_'), e.g. partnerships");
  }
  s.String("description", &out->description);
  if (s.String("path", &out->path, true) && (out->path.empty() || out->path[0] != '/')) {
    s.Error("path", "must start with '/': it is appended to base_url, e.g. /partnerships");
  }
  out->params = defaults.params;
  out->headers = defaults.headers;
  for (auto [key, list] : {std::pair{"params", &out->params}, {"headers", &out->headers}}) {
    std::vector<std::pair<std::string, Template>> own;
    ReadTemplates(s, key, ctx, &own);
    for (auto& item : own) {  // the stream's own value of a name replaces the default
      bool replaced = false;
      for (auto& existing : *list) {
        if (existing.first == item.first) {
          existing.second = item.second;
          replaced = true;
        }
      }
      if (!replaced) list->push_back(std::move(item));
    }
  }
  JsonPath records;
  if (s.Path("records", &records)) {
    out->records = records;
  } else if (!s.Has("records")) {
    out->records = defaults.records;
  }
  s.Path("primary_key", &out->primary_key, true);
  if (s.Has("paging")) {
    ReadPaging(s.Get("paging"), s.PathOf("paging"), ctx, &out->paging);
  } else if (defaults.paging) {
    out->paging = *defaults.paging;
  }
  if (s.Has("incremental")) {
    const YAML::Node inc = s.Get("incremental");
    if (!(inc.IsScalar() && inc.Scalar() == "none")) {
      IncrementalSpec spec;
      ReadIncremental(inc, s.PathOf("incremental"), ctx, &spec);
      out->incremental = spec;
    }
  } else {
    out->incremental = defaults.incremental;
  }
  if (s.Has("updated_at")) {
    YamlMap u(s.Get("updated_at"), s.PathOf("updated_at"), ctx.errors, {"path", "format"});
    TimeField field;
    std::string format;
    const bool path_ok = u.Path("path", &field.path, true);
    if (u.OneOf("format", kTimeFormats, &format, true) && path_ok) {
      field.format = TimeFormatNamed(format);
      out->updated_at = field;
    }
  } else if (out->incremental) {
    out->updated_at = TimeField{out->incremental->field, out->incremental->format};
  }
  if (s.Require("emit")) {
    const YAML::Node emit = s.Get("emit");
    if (!emit.IsSequence() || emit.size() == 0) {
      s.Error("emit", "expected a list of the rows each record becomes (entity, columns)");
    } else {
      for (size_t i = 0; i < emit.size(); ++i) {
        EmitSpec e;
        ReadEmit(emit[i], s.PathOf("emit") + "[" + std::to_string(i) + "]", out->primary_key, ctx,
                 &e);
        out->emit.push_back(std::move(e));
      }
    }
  }
}

}  // namespace tempo::rest
