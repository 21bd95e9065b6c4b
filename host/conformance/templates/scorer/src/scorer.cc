// myplugin's scorer. See scorer.h.
#include "scorer.h"

#include <string>
#include <vector>

namespace myplugin_scorer {

using tempo::sdk::Context;
using tempo::sdk::Metric;
using tempo::sdk::Status;

const tempo::sdk::ConfigMap<Config>& Keys() {
  static const auto* keys = [] {
    auto* k = new tempo::sdk::ConfigMap<Config>();
    k->Integer("min_partners", &Config::min_partners)
        .Default(1)
        .Range(1, 100000)
        .Describe("Partners needed before the metric has a value (fewer: insufficient data).");
    return k;
  }();
  return *keys;
}

Status Scorer::Open(Context& /*ctx*/, std::string_view config_json, std::unique_ptr<Scorer>* out) {
  Config c;
  if (Status s = Keys().Read(config_json, &c); !s.ok()) return s;
  *out = std::make_unique<Scorer>(c);
  return Status::Ok();
}

Status Scorer::Score(Context& /*ctx*/, tempo::sdk::StoreReader& store) {
  int64_t partners = 0, with_domain = 0;
  std::vector<tempo::sdk::Evidence> evidence;
  Status s = store.Query(
      "SELECT connection, source_id, domain FROM partner", {}, [&](const tempo::sdk::RowView& row) {
        ++partners;
        if (!row.Text(2).empty()) {
          ++with_domain;
          evidence.push_back(
              {"numerator", "partner", std::string(row.Text(0)), std::string(row.Text(1))});
        }
        return Status::Ok();
      });
  if (!s.ok()) return s;
  Metric m;  // scope "ecosystem"
  m.dimension = "T";
  m.metric = "myplugin_domains";
  m.n = partners;
  if (partners < config_.min_partners) {
    m.status = "insufficient_data";  // never a 0 for "no data"
    m.explanation = std::to_string(partners) + " partners in the store, fewer than min_partners";
    return store.Emit(m);
  }
  m.numerator = static_cast<double>(with_domain);
  m.denominator = static_cast<double>(partners);
  m.raw_value = m.numerator / m.denominator;
  m.normalized = 100 * m.raw_value;
  m.explanation = std::to_string(with_domain) + " of " + std::to_string(partners) +
                  " partners have a domain to match accounts by";
  m.evidence = std::move(evidence);
  return store.Emit(m);
}

}  // namespace myplugin_scorer

TEMPO_SCORER_PLUGIN(myplugin_scorer::Scorer, "myplugin", "0.1.0",
                    "Partners with a domain (a tempo plugin new scaffold)",
                    myplugin_scorer::Keys().SchemaText())
