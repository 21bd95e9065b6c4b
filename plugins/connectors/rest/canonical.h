// The canonical model as data, for a manifest checked when it is loaded: the columns of each
// entity and the values an enumerated column allows, from the kit's tempo/model.h (so a
// manifest is refused for the names the store would refuse every record for).
// tests/unit/rest/canonical_test.cc checks that every entity of model.h is here.
#ifndef TEMPO_PLUGINS_CONNECTORS_REST_CANONICAL_H_
#define TEMPO_PLUGINS_CONNECTORS_REST_CANONICAL_H_

#include <string_view>
#include <vector>

namespace tempo::rest {

// Every canonical entity, in the store's order.
std::vector<std::string_view> Entities();

// The columns of `entity` (empty for an unknown entity).
std::vector<std::string_view> ColumnsOf(std::string_view entity);

// The values `entity`.`column` allows (empty: any value).
std::vector<std::string_view> AllowedValues(std::string_view entity, std::string_view column);

}  // namespace tempo::rest

#endif  // TEMPO_PLUGINS_CONNECTORS_REST_CANONICAL_H_
