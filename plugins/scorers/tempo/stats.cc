// The model's arithmetic and number formats.
#include "stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "tempo/time.hpp"

namespace tempo::scorer {

double Shrink(double k, double n, double r0, double alpha) {
  if (n + alpha <= 0) return r0;
  return (k + alpha * r0) / (n + alpha);
}

double Confidence(double n, double alpha) { return n + alpha <= 0 ? 0 : n / (n + alpha); }

double Lin(double x, double lo, double hi) {
  if (hi <= lo) return x >= hi ? 100 : 0;
  return 100 * std::clamp((x - lo) / (hi - lo), 0.0, 1.0);
}

double Share(double x) { return 100 * std::clamp(x, 0.0, 1.0); }

std::vector<double> PercentileRanks(const std::vector<double>& values) {
  std::vector<double> ranks(values.size(), 50);
  if (values.size() < 2) return ranks;
  for (size_t i = 0; i < values.size(); ++i) {
    double below = 0;
    for (size_t j = 0; j < values.size(); ++j) {
      if (j == i) continue;
      if (values[j] < values[i]) {
        below += 1;
      } else if (values[j] == values[i]) {
        below += 0.5;
      }
    }
    ranks[i] = 100 * below / static_cast<double>(values.size() - 1);
  }
  return ranks;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int64_t AddBusinessDays(int64_t ms, int64_t days) {
  int64_t t = ms;
  while (days > 0) {
    t += sdk::kDayMs;
    const int64_t day = t >= 0 ? t / sdk::kDayMs : (t - sdk::kDayMs + 1) / sdk::kDayMs;
    const int64_t weekday = ((day % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday: 0 = Monday
    if (weekday < 5) --days;
  }
  return t;
}

std::string Percent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%", 100 * fraction);
  return buf;
}

std::string SignedPercent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.0f%%", 100 * fraction);
  return std::string(buf) == "-0%" ? "+0%" : buf;
}

std::string PercentOneDecimal(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100 * fraction);
  return buf;
}

std::string Money(double usd) {
  const auto whole = static_cast<long long>(std::llround(std::fabs(usd)));
  std::string digits = std::to_string(whole);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return (usd < 0 ? "-$" : "$") + out;
}

std::string Date(int64_t ms) { return sdk::FormatIso(ms).substr(0, 10); }

std::string Count(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace tempo::scorer
