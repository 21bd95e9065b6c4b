// myplugin: a Tempo scorer with one ecosystem metric, how many partners the store knows a
// domain for (Trust: partners you can match to accounts). A starting point for your own.
#ifndef MYPLUGIN_SCORER_H_
#define MYPLUGIN_SCORER_H_

#include <cstdint>
#include <memory>
#include <string_view>

#include "tempo/config.hpp"
#include "tempo/scorer.hpp"

namespace myplugin_scorer {

struct Config {
  int64_t min_partners = 0;
};

const tempo::sdk::ConfigMap<Config>& Keys();

class Scorer : public tempo::sdk::Scorer {
 public:
  explicit Scorer(Config config) : config_(config) {}

  static tempo::sdk::Status Open(tempo::sdk::Context& ctx, std::string_view config_json,
                                 std::unique_ptr<Scorer>* out);
  tempo::sdk::Status Score(tempo::sdk::Context& ctx, tempo::sdk::StoreReader& store) override;

 private:
  Config config_;
};

}  // namespace myplugin_scorer

#endif  // MYPLUGIN_SCORER_H_
