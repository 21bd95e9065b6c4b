// The model's arithmetic (docs/scoring.md, "Small samples" and "Normalization"), and the
// number formats of the explanations. Pure functions.
#ifndef TEMPO_PLUGINS_SCORERS_TEMPO_STATS_H_
#define TEMPO_PLUGINS_SCORERS_TEMPO_STATS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace tempo::scorer {

// Bayesian shrinkage of the rate k/n toward r0 with the strength of `alpha` observations:
// (k + alpha * r0) / (n + alpha). With n = 0 it is r0.
double Shrink(double k, double n, double r0, double alpha);

// How much a sample of n says next to a prior of strength alpha: n / (n + alpha).
double Confidence(double n, double alpha);

// 100 * clamp((x - lo) / (hi - lo), 0, 1).
double Lin(double x, double lo, double hi);

// 100 * clamp(x, 0, 1): a rate where 100% is meaningful.
double Share(double x);

// Each value's percentile rank among `values`, 0 to 100: the share of the others that are
// lower, ties counting half. A single value ranks 50.
std::vector<double> PercentileRanks(const std::vector<double>& values);

// The median; 0 for no values.
double Median(std::vector<double> values);

// The instant `days` business days (Monday to Friday, UTC) after `ms`.
int64_t AddBusinessDays(int64_t ms, int64_t days);

// "41%" (whole percent), "+24%" with a sign, "$1,234,567", "2026-03-02", "11.7%".
std::string Percent(double fraction);
std::string SignedPercent(double fraction);
std::string PercentOneDecimal(double fraction);
std::string Money(double usd);
std::string Date(int64_t ms);
std::string Count(int64_t n, const char* one, const char* many);  // "1 deal", "3 deals"

}  // namespace tempo::scorer

#endif  // TEMPO_PLUGINS_SCORERS_TEMPO_STATS_H_
