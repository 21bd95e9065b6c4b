// tempo/canonical.hpp: every entity of tempo/model.h with its columns and enumerations, so a
// manifest or a connection's mapping can name any table the store has, and only those.
#include <algorithm>

#include <catch2/catch.hpp>

#include "tempo/canonical.hpp"
#include "tempo/model.h"

namespace {

TEST_CASE("canonical: every entity of the model, with its columns") {
  const std::vector<std::string_view> entities = tempo::canonical::Entities();
  REQUIRE(entities.size() == std::size(tempo::model::kEntities));
  for (std::string_view e : tempo::model::kEntities) {
    INFO(e);
    CHECK(std::find(entities.begin(), entities.end(), e) != entities.end());
    CHECK_FALSE(tempo::canonical::ColumnsOf(e).empty());
  }
  CHECK(tempo::canonical::ColumnsOf("partners").empty());
  const auto roles = tempo::canonical::AllowedValues("opportunity_partner", "role");
  CHECK(std::find(roles.begin(), roles.end(), "sourced") != roles.end());
  CHECK(tempo::canonical::AllowedValues("partner", "name").empty());
}

}  // namespace
