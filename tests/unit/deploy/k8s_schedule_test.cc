// CronJobSchedule and KubernetesName: tempo's schedules and connection names as Kubernetes
// reads them.
#include <string>

#include <catch2/catch.hpp>

#include "deploy/k8s.h"

namespace tempo::deploy {
namespace {

using Catch::Matchers::Contains;

std::string Cron(const std::string& schedule) {
  Result<std::string> cron = CronJobSchedule(schedule, "tempo.yaml:9:15");
  INFO(schedule << ": " << cron.status().message());
  REQUIRE(cron.ok());
  return *cron;
}

std::string Refused(const std::string& schedule) {
  Result<std::string> cron = CronJobSchedule(schedule, "tempo.yaml:9:15");
  REQUIRE_FALSE(cron.ok());
  CHECK(cron.status().code() == StatusCode::kInvalidArgument);
  return cron.status().message();
}

TEST_CASE("cron schedules are written in the dialect of Kubernetes' CronJob controller") {
  CHECK(Cron("*/15 * * * *") == "*/15 * * * *");
  CHECK(Cron("0 6 * * *") == "0 6 * * *");
  CHECK(Cron("0 9-17 * * 1-5") == "0 9-17 * * 1-5");
  // Kubernetes has no day-of-week 7, nor names in lists it reads the same way: numbers.
  CHECK(Cron("0 6 * * 7") == "0 6 * * 0");
  CHECK(Cron("30 2 * * 5-7") == "30 2 * * 0,5,6");
  CHECK(Cron("0 0 1 jan,jul mon") == "0 0 1 1,7 1");
  CHECK(Cron("5,20,35,50 * * * *") == "5-50/15 * * * *");
  CHECK(Cron("0 0 */2 * *") == "0 0 */2 * *");
  CHECK(Cron("0 0 1-31 * mon") == "0 0 1-31 * 1");
  // Macros, expanded.
  CHECK(Cron("@hourly") == "0 * * * *");
  CHECK(Cron("@daily") == "0 0 * * *");
  CHECK(Cron("@weekly") == "0 0 * * 0");
}

TEST_CASE("intervals become the cron of the same clock slots, when there is one") {
  CHECK(Cron("every 1m") == "* * * * *");
  CHECK(Cron("every 15m") == "*/15 * * * *");
  CHECK(Cron("every 1h") == "0 * * * *");
  CHECK(Cron("every 6h") == "0 */6 * * *");
  CHECK(Cron("every 1d") == "0 0 * * *");
  CHECK(Cron("every 120m") == "0 */2 * * *");
  const std::string odd = Refused("every 45m");
  CHECK_THAT(odd, Contains("tempo.yaml:9:15: schedule 'every 45m' cannot be a Kubernetes CronJob"));
  CHECK_THAT(odd, Contains("write the schedule as cron"));
  Refused("every 90s");
  Refused("every 1h30m");
  Refused("every 5h");
  Refused("every 2d");
}

TEST_CASE("a day rule Kubernetes reads differently is refused, not changed") {
  // tempo (Vixie cron): odd days that are Mondays; Kubernetes: odd days, and Mondays.
  const std::string message = Refused("0 0 */2 * mon");
  CHECK_THAT(message, Contains("matching both the day-of-month and the day-of-week field"));
  CHECK_THAT(Refused("not a schedule"), Contains("tempo.yaml:9:15: "));
}

TEST_CASE("connection names become DNS-1123 labels that fit a CronJob name") {
  CHECK(KubernetesName("crm") == "crm");
  CHECK(KubernetesName("crm_eu") == "crm-eu");
  CHECK(KubernetesName("crm__eu_") == "crm--eu");
  CHECK(KubernetesName("0day") == "0day");
  const std::string long_name(60, 'a');
  CHECK(KubernetesName(long_name) == std::string(41, 'a'));
  CHECK(KubernetesName(std::string(40, 'a') + "_b") == std::string(40, 'a'));
  CHECK(("tempo-sync-" + KubernetesName(long_name)).size() <= 52);
}

}  // namespace
}  // namespace tempo::deploy
