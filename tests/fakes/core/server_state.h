// The state every part of the fake server shares: options, clock, dataset (behind a
// reader/writer lock), credentials, faults and the request log.
//
// Thread-safety: `dataset` is read under a shared lock on `dataset_mutex` and changed under an
// exclusive one; every other member is thread-safe on its own.
#ifndef TEMPO_TESTS_FAKES_CORE_SERVER_STATE_H_
#define TEMPO_TESTS_FAKES_CORE_SERVER_STATE_H_

#include <atomic>
#include <shared_mutex>

#include "fakes/core/auth.h"
#include "fakes/core/clock.h"
#include "fakes/core/dataset.h"
#include "fakes/core/faults.h"
#include "fakes/core/request_log.h"
#include "fakes/core/server_options.h"
#include "fakes/core/stop_signal.h"

namespace tempo::fakes {

struct ServerState {
  explicit ServerState(FakeApiOptions opts)
      : options(std::move(opts)),
        dataset(options.dataset),
        tokens(options.auth, clock, options.dataset.seed) {}

  const FakeApiOptions options;
  FakeClock clock;
  StopSignal stop;
  std::shared_mutex dataset_mutex;
  Dataset dataset;
  TokenStore tokens;
  FaultPlan faults;
  RequestLog log;
  std::atomic<int> port{0};
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_CORE_SERVER_STATE_H_
