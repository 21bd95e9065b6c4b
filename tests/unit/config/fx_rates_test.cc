// store.fx_rates: the CSV table of exchange rates (FxRates::Parse, every problem with its
// file:line:column), the rate a day takes (the latest on or before it), and the key in
// tempo.yaml (a missing file, a bad line: the tempo.yaml position and the CSV's).
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "config/config.h"
#include "config/fx_rates.h"

namespace tempo::config {
namespace {

std::vector<std::string> Problems(const std::string& csv) {
  FxRates rates;
  std::vector<std::string> errors;
  CHECK_FALSE(FxRates::Parse(csv, "fx.csv", &rates, &errors));
  return errors;
}

TEST_CASE("fx_rates: a table of dated rates, and the rate of a day") {
  FxRates rates;
  std::vector<std::string> errors;
  REQUIRE(
      FxRates::Parse("# rates from the treasury\r\n"
                     "Date, Currency, Rate\r\n"
                     "2024-02-01,EUR,1.0815\r\n"
                     "\r\n"
                     "2024-01-01,EUR,1.0921\r\n"
                     "2024-01-01, GBP ,1.27\n",
                     "fx.csv", &rates, &errors));
  CHECK(errors.empty());
  CHECK(rates.size() == 3);
  CHECK_FALSE(rates.Find("EUR", "2023-12-31"));  // nothing that early
  CHECK(rates.Find("EUR", "2024-01-01")->usd_per_unit == 1.0921);
  CHECK(rates.Find("EUR", "2024-01-31")->usd_per_unit == 1.0921);
  CHECK(rates.Find("EUR", "2024-02-01")->date == "2024-02-01");
  CHECK(rates.Find("EUR", "2030-01-01")->usd_per_unit == 1.0815);  // the latest
  CHECK(rates.Find("GBP", "2024-06-30")->usd_per_unit == 1.27);
  CHECK_FALSE(rates.Find("CHF", "2024-06-30"));
  CHECK_FALSE(rates.Find("FOO", "2024-06-30"));  // after every currency in the table
  // Columns in another order.
  REQUIRE(FxRates::Parse("currency,rate,date\nJPY,0.0067,2024-03-01\n", "fx.csv", &rates, &errors));
  CHECK(rates.Find("JPY", "2024-03-02")->usd_per_unit == 0.0067);
}

TEST_CASE("fx_rates: every bad line is reported with its line and column") {
  CHECK(Problems("date,currency,rate\n"
                 "2024-02-30,EUR,1.1\n"   // no such day
                 "2024-01-01,eur,1.1\n"   // not upper case
                 "2024-01-01,EURO,1.1\n"  // not three letters
                 "2024-01-01,GBP,-1\n"    // not positive
                 "2024-01-01,GBP,zero\n"  // not a number
                 "2024-01-01,USD,1\n"     // USD is 1
                 "2024-01-01,CAD\n"       // a value short
                 "2024-01-01,CAD,0.7\n"
                 "2024-01-01 , CAD , 0.71\n") ==  // the same day twice
        std::vector<std::string>{
            "fx.csv:2:1: date must be a calendar date written YYYY-MM-DD",
            "fx.csv:3:12: currency must be an ISO 4217 code: three capital letters, such as EUR",
            "fx.csv:4:12: currency must be an ISO 4217 code: three capital letters, such as EUR",
            "fx.csv:5:16: rate must be a positive number: US dollars per unit of the currency",
            "fx.csv:6:16: rate must be a positive number: US dollars per unit of the currency",
            "fx.csv:7:12: USD needs no rate (amounts in USD are converted at 1); remove the line",
            "fx.csv:8:1: expected 3 values (date, currency, rate), found 2",
            "fx.csv:10:1: a second rate for this currency on this date (the first is on line 9)"});
  CHECK(Problems("day,currency,rate\n2024-01-01,EUR,1\n") ==
        std::vector<std::string>{
            "fx.csv:1:1: the header must name the columns date, currency and rate, each once"});
  CHECK(Problems("date,currency\n") ==
        std::vector<std::string>{
            "fx.csv:1:1: the header has no 'rate' column; it must be date,currency,rate"});
  CHECK(Problems("\n# nothing\n") ==
        std::vector<std::string>{"fx.csv:1:1: the file is empty; it needs the header "
                                 "date,currency,rate and one rate a line"});
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tempo_fx_XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& text) const {
    const std::string file = path_ + "/" + name;
    std::ofstream(file) << text;
    return file;
  }

 private:
  std::string path_;
};

TEST_CASE("store.fx_rates in tempo.yaml: read relative to the config, errors where they are") {
  TempDir dir;
  const std::string csv = dir.Write("rates.csv", "date,currency,rate\n2024-01-01,EUR,1.09\n");
  const std::string folder = csv.substr(0, csv.size() - std::string("rates.csv").size());
  Result<Config> ok =
      LoadConfig(dir.Write("tempo.yaml", "store:\n  path: t.db\n  fx_rates: rates.csv\n"));
  INFO(ok.status().message());
  REQUIRE(ok.ok());
  CHECK(ok->fx_rates_path == csv);
  REQUIRE(ok->fx_rates);
  CHECK(ok->fx_rates->Find("EUR", "2024-05-01")->usd_per_unit == 1.09);
  // Without the key: no table.
  Result<Config> none = LoadConfig(dir.Write("tempo.yaml", "store:\n  path: t.db\n"));
  REQUIRE(none.ok());
  CHECK_FALSE(none->fx_rates);

  const std::string yaml = dir.Write("tempo.yaml", "store:\n  path: t.db\n  fx_rates: bad.csv\n");
  Result<Config> missing = LoadConfig(yaml);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message() == yaml +
                                          ":3:13: store.fx_rates: cannot read the exchange-rate "
                                          "file " +
                                          folder + "bad.csv: No such file or directory");
  dir.Write("bad.csv", "date,currency,rate\n2024-01-01,EUR,0\n");
  Result<Config> bad = LoadConfig(yaml);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() ==
        yaml + ":3:13: store.fx_rates: " + folder +
            "bad.csv:2:16: rate must be a positive number: US dollars per unit of the currency");
}

}  // namespace
}  // namespace tempo::config
