// The canonical model as the manifest loader checks it: every entity of tempo/model.h, so a
// manifest can name any table the store has, and only those.
#include <catch2/catch.hpp>

#include "canonical.h"
#include "tempo/model.h"

namespace {

TEST_CASE("canonical: every entity of the model, with its columns") {
  const std::vector<std::string_view> entities = tempo::rest::Entities();
  REQUIRE(entities.size() == std::size(tempo::model::kEntities));
  for (std::string_view e : tempo::model::kEntities) {
    INFO(e);
    CHECK(std::find(entities.begin(), entities.end(), e) != entities.end());
    CHECK_FALSE(tempo::rest::ColumnsOf(e).empty());
  }
  CHECK(tempo::rest::ColumnsOf("partners").empty());
  const auto roles = tempo::rest::AllowedValues("opportunity_partner", "role");
  CHECK(std::find(roles.begin(), roles.end(), "sourced") != roles.end());
  CHECK(tempo::rest::AllowedValues("partner", "name").empty());
}

}  // namespace
