// The `tempo` scorer plugin: the TEMPO scoring model (docs/scoring.md) over the store. The face
// is short: read the parameters in Open, then in Score load the facts (load.cc), derive the
// shared relations (derived.cc), compute every dimension's metrics (trust.cc, embedded.cc,
// monetizing.cc, product.cc, outside_in.cc) and emit them with their evidence.
#include <memory>
#include <string>

#include "config.h"
#include "derived.h"
#include "dimensions.h"
#include "load.h"
#include "tempo/scorer.hpp"

namespace tempo::scorer {

class TempoScorer : public sdk::Scorer {
 public:
  static sdk::Status Open(sdk::Context& ctx, std::string_view config_json,
                          std::unique_ptr<TempoScorer>* out) {
    (void)ctx;
    auto scorer = std::make_unique<TempoScorer>();
    if (sdk::Status s = ParamKeys().Read(config_json, &scorer->params_); !s.ok()) return s;
    *out = std::move(scorer);
    return sdk::Status::Ok();
  }

  sdk::Status Score(sdk::Context& ctx, sdk::StoreReader& store) override {
    Facts facts;
    if (sdk::Status s = LoadFacts(store, &facts); !s.ok()) return s;
    if (ctx.Cancelled()) return sdk::Status::Cancelled("cancelled");
    if (facts.unresolved_attributions > 0) {
      ctx.Warn(std::to_string(facts.unresolved_attributions) +
               " deal attribution(s) name a partner that no partner row has (by id in the same "
               "connection, or by name); they count for the ecosystem only");
    }
    const Derived derived(facts, params_.min_partner_days);
    std::vector<sdk::Metric> metrics;
    AllMetrics(Scoring{facts, derived, params_, &metrics});
    for (const sdk::Metric& m : metrics) {
      if (sdk::Status s = store.Emit(m); !s.ok()) return s;
    }
    ctx.Info("scored " + std::to_string(facts.partners.size()) +
             " partner(s): " + std::to_string(metrics.size()) + " metric rows");
    return sdk::Status::Ok();
  }

 private:
  Params params_;
};

}  // namespace tempo::scorer

TEMPO_SCORER_PLUGIN(tempo::scorer::TempoScorer, "tempo", "1.1.0",
                    "The TEMPO partner score: Trust, Embedded partnering, Monetizing synergies, "
                    "Partners as product, Outside-in (docs/scoring.md)",
                    tempo::scorer::ParamKeys().SchemaText())
