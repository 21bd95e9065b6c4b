// A `tempo test-plugin` fixture folder: what one recorded session needs for its replay.
//
//   fixture.json               the plugin and version recorded, when, and per read what the
//                              replay must reproduce: when it started (incremental checks
//                              judge the overlap against it), the states the store held
//                              before it (their cursors are in its requests), the kill points
//   exchanges/<step>.jsonl     the HTTP exchanges of each step, redacted (exchange.h):
//                              check, full_read, kill_<k>, resume_<k>, incremental_1,
//                              incremental_2, full_after
//
// Record mode writes it (replacing fixture.json and exchanges/ of the folder, nothing else);
// replay mode reads it and never touches the network.
#ifndef TEMPO_HOST_CONFORMANCE_FIXTURE_H_
#define TEMPO_HOST_CONFORMANCE_FIXTURE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "conformance/store_view.h"

namespace tempo::conformance {

struct FixtureRead {
  int64_t started_ms = 0;
  States states_before;
};

struct Fixture {
  std::string plugin, version, recorded_at;
  std::vector<int64_t> kill_points;
  std::map<std::string, FixtureRead> reads;  // by step name
};

// The exchanges file of `step` in the folder `dir`.
std::string ExchangesPath(const std::string& dir, const std::string& step);

Result<Fixture> ReadFixture(const std::string& dir);
// Writes dir/fixture.json.
Status WriteFixture(const std::string& dir, const Fixture& fixture);

}  // namespace tempo::conformance

#endif  // TEMPO_HOST_CONFORMANCE_FIXTURE_H_
