// The exchange-rate table: CSV parsing with positioned errors, and the lookup. See fx_rates.h.
#include "config/fx_rates.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <tuple>

#include "config/scalar_text.h"

namespace tempo::config {
namespace {

constexpr std::array<std::string_view, 3> kColumns = {"date", "currency", "rate"};

// One comma-separated value of a line: its text without surrounding blanks, and its 1-based
// column (where the text starts, or where the empty value is).
struct Cell {
  std::string_view text;
  size_t column = 1;
};

std::vector<Cell> SplitCells(std::string_view line) {
  std::vector<Cell> cells;
  size_t start = 0;
  for (;;) {
    size_t end = line.find(',', start);
    std::string_view raw = line.substr(start, end == std::string_view::npos ? end : end - start);
    size_t lead = 0;
    while (lead < raw.size() && (raw[lead] == ' ' || raw[lead] == '\t')) ++lead;
    std::string_view text = raw.substr(lead);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    cells.push_back({text, start + lead + 1});
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return cells;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsCurrencyCode(std::string_view s) {
  return s.size() == 3 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

bool IsCalendarDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  const int year = std::stoi(std::string(s.substr(0, 4)));
  const int month = std::stoi(std::string(s.substr(5, 2)));
  const int day = std::stoi(std::string(s.substr(8, 2)));
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

bool FxRates::Parse(std::string_view text, const std::string& file, FxRates* out,
                    std::vector<std::string>* errors) {
  const size_t errors_before = errors->size();
  auto error = [&](size_t line, size_t column, std::string_view message) {
    errors->push_back(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                      std::string(message));
  };
  FxRates table;
  std::array<size_t, 3> index{};  // column of date, currency, rate
  bool header = false;
  std::map<std::pair<std::string, std::string>, size_t> seen;  // (currency, date) -> line
  size_t line_number = 0;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;  // blank or a comment
    const std::vector<Cell> cells = SplitCells(line);
    if (!header) {
      header = true;
      index.fill(cells.size());
      for (size_t i = 0; i < cells.size(); ++i) {
        const std::string name = Lower(cells[i].text);
        auto it = std::find(kColumns.begin(), kColumns.end(), name);
        if (it == kColumns.end() || index[it - kColumns.begin()] != cells.size()) {
          error(line_number, cells[i].column,
                "the header must name the columns date, currency and rate, each once");
          return false;
        }
        index[it - kColumns.begin()] = i;
      }
      for (size_t c = 0; c < kColumns.size(); ++c) {
        if (index[c] == cells.size()) {
          error(line_number, 1,
                "the header has no '" + std::string(kColumns[c]) +
                    "' column; it must be date,currency,rate");
          return false;
        }
      }
      continue;
    }
    if (cells.size() != kColumns.size()) {
      error(line_number, 1,
            "expected 3 values (date, currency, rate), found " + std::to_string(cells.size()));
      continue;
    }
    const Cell& date = cells[index[0]];
    const Cell& currency = cells[index[1]];
    const Cell& rate_cell = cells[index[2]];
    bool ok = true;
    if (!IsCalendarDate(date.text)) {
      error(line_number, date.column, "date must be a calendar date written YYYY-MM-DD");
      ok = false;
    }
    if (!IsCurrencyCode(currency.text)) {
      error(line_number, currency.column,
            "currency must be an ISO 4217 code: three capital letters, such as EUR");
      ok = false;
    } else if (currency.text == "USD") {
      error(line_number, currency.column,
            "USD needs no rate (amounts in USD are converted at 1); remove the line");
      ok = false;
    }
    const std::optional<double> rate = ParseNumberText(rate_cell.text);
    if (!rate || !(*rate > 0)) {
      error(line_number, rate_cell.column,
            "rate must be a positive number: US dollars per unit of the currency");
      ok = false;
    }
    if (!ok) continue;
    auto [it, inserted] =
        seen.emplace(std::pair{std::string(currency.text), std::string(date.text)}, line_number);
    if (!inserted) {
      error(line_number, date.column,
            "a second rate for this currency on this date (the first is on line " +
                std::to_string(it->second) + ")");
      continue;
    }
    table.rates_.push_back({std::string(currency.text), std::string(date.text), *rate});
  }
  if (!header) {
    error(1, 1, "the file is empty; it needs the header date,currency,rate and one rate a line");
  }
  if (errors->size() != errors_before) return false;
  std::sort(table.rates_.begin(), table.rates_.end(), [](const FxRate& a, const FxRate& b) {
    return std::tie(a.currency, a.date) < std::tie(b.currency, b.date);
  });
  *out = std::move(table);
  return true;
}

std::optional<FxRate> FxRates::Find(std::string_view currency, std::string_view date) const {
  // The first rate after (currency, date); the one before it, if of the currency, applies.
  auto after = std::upper_bound(
      rates_.begin(), rates_.end(), std::pair{currency, date},
      [](const std::pair<std::string_view, std::string_view>& key, const FxRate& r) {
        const std::string_view c(r.currency), d(r.date);
        return key.first < c || (key.first == c && key.second < d);
      });
  if (after == rates_.begin()) return std::nullopt;
  const FxRate& found = *std::prev(after);
  if (found.currency != currency) return std::nullopt;
  return found;
}

}  // namespace tempo::config
