// CronJobSchedule: tempo's schedules in the cron dialect of Kubernetes' CronJob controller.
//
// Kubernetes parses spec.schedule with robfig/cron's standard parser: five fields, day-of-week
// 0-6 (no 7), and the day rule of Vixie cron with one difference. Both run a day when day of
// month OR day of week matches if both fields are restricted, and AND otherwise; tempo (Vixie)
// calls a field unrestricted when it starts with '*' (`*/2` too), Kubernetes only when it is
// `*` itself. So the fields are written from what tempo parsed, never copied, and a schedule
// whose day rule would change is refused.
#include <chrono>
#include <string>
#include <vector>

#include "deploy/k8s.h"
#include "schedule/schedule.h"

namespace tempo::deploy {
namespace {

// The values [min, max] whose bit is set in `bits`, as robfig reads them: "*" when all are
// set and `star` allows it, "*/S" or "A-B/S" for a step sequence of three or more, else a list
// of values and ranges ("1-5,10").
template <size_t N>
std::string Field(const std::bitset<N>& bits, int min, int max, bool star) {
  std::vector<int> values;
  for (int v = min; v <= max; ++v) {
    if (bits.test(static_cast<size_t>(v))) values.push_back(v);
  }
  if (star && static_cast<int>(values.size()) == max - min + 1) return "*";
  if (values.size() >= 3) {
    const int step = values[1] - values[0];
    bool sequence = step > 1;
    for (size_t i = 1; sequence && i < values.size(); ++i) {
      sequence = values[i] - values[i - 1] == step;
    }
    // Every value of the step sequence up to max must be there, or "A-B/S" would say more.
    if (sequence && values.back() + step > max) {
      if (values.front() == min) return "*/" + std::to_string(step);
      return std::to_string(values.front()) + "-" + std::to_string(values.back()) + "/" +
             std::to_string(step);
    }
  }
  std::string text;
  for (size_t i = 0; i < values.size();) {
    size_t j = i;
    while (j + 1 < values.size() && values[j + 1] == values[j] + 1) ++j;
    if (!text.empty()) text += ',';
    text += std::to_string(values[i]);
    if (j > i) text += (j == i + 1 ? "," : "-") + std::to_string(values[j]);
    i = j + 1;
  }
  return text;
}

Result<std::string> IntervalCron(std::chrono::milliseconds interval, std::string_view schedule,
                                 std::string_view where) {
  using std::chrono::minutes;
  const auto refuse = [&] {
    return Status::InvalidArgument(
        std::string(where) + ": schedule '" + std::string(schedule) +
        "' cannot be a Kubernetes CronJob: CronJobs start on clock slots, so an interval must "
        "be whole minutes dividing an hour (every 1m, 5m, 15m, 30m, ...), whole hours dividing "
        "a day (every 1h, 2h, 6h, 12h, ...) or 1d; write the schedule as cron instead (e.g. "
        "'*/20 * * * *' or '0 */4 * * *')");
  };
  if (interval % minutes(1) != std::chrono::milliseconds(0) || interval < minutes(1)) {
    return refuse();
  }
  const int64_t m = interval / minutes(1);
  if (m < 60 && 60 % m == 0)
    return m == 1 ? std::string("* * * * *") : "*/" + std::to_string(m) + " * * * *";
  if (m % 60 != 0) return refuse();
  const int64_t h = m / 60;
  if (h < 24 && 24 % h == 0)
    return h == 1 ? std::string("0 * * * *") : "0 */" + std::to_string(h) + " * * *";
  if (h == 24) return std::string("0 0 * * *");
  return refuse();
}

}  // namespace

Result<std::string> CronJobSchedule(std::string_view text, std::string_view where) {
  Result<schedule::Schedule> parsed = schedule::ParseSchedule(text);
  if (!parsed.ok()) {
    return Status::InvalidArgument(std::string(where) + ": " + parsed.status().message());
  }
  if (parsed->kind() == schedule::Schedule::Kind::kInterval) {
    return IntervalCron(parsed->interval(), text, where);
  }
  const schedule::CronFields& cron = parsed->cron();
  const std::string dom = Field(cron.days_of_month, 1, 31, cron.day_of_month_star);
  const std::string dow = Field(cron.days_of_week, 0, 6, cron.day_of_week_star);
  const bool tempo_and = cron.day_of_month_star || cron.day_of_week_star;
  const bool kubernetes_and = dom == "*" || dow == "*";
  if (tempo_and != kubernetes_and) {
    return Status::InvalidArgument(
        std::string(where) + ": schedule '" + std::string(text) +
        "' cannot be a Kubernetes CronJob: tempo runs it on days matching both the "
        "day-of-month and the day-of-week field (one starts with '*'), Kubernetes would run it "
        "on days matching either; write one of the two fields as '*' alone, or list the days");
  }
  return Field(cron.minutes, 0, 59, true) + " " + Field(cron.hours, 0, 23, true) + " " + dom + " " +
         Field(cron.months, 1, 12, true) + " " + dow;
}

}  // namespace tempo::deploy
