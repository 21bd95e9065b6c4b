// Reading the store into Facts (facts.h) through the host's store reader.
#ifndef TEMPO_PLUGINS_SCORERS_TEMPO_LOAD_H_
#define TEMPO_PLUGINS_SCORERS_TEMPO_LOAD_H_

#include "facts.h"
#include "tempo/scorer.hpp"

namespace tempo::scorer {

// Fills *facts from the snapshot: every row of the canonical tables the metrics use, resolved
// across sources (identity.h) and read as of store.AsOfMs().
sdk::Status LoadFacts(sdk::StoreReader& store, Facts* facts);

}  // namespace tempo::scorer

#endif  // TEMPO_PLUGINS_SCORERS_TEMPO_LOAD_H_
