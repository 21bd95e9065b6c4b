// The rule that fails a run with too many rejects (max_reject_ratio): the default (any reject
// when nothing was accepted, above 1 % otherwise), a configured ratio, and the message.
#include "sync/reject_ratio.h"

#include <catch2/catch.hpp>

using tempo::sync::JudgeRejects;
using tempo::sync::PercentText;
using tempo::sync::TooManyRejectsMessage;

TEST_CASE("without max_reject_ratio, any reject fails a run that accepted nothing") {
  CHECK(JudgeRejects(0, 1, std::nullopt).too_many);
  CHECK(JudgeRejects(0, 3, std::nullopt).threshold == 0);
  CHECK(JudgeRejects(0, 3, std::nullopt).ratio == 1);
  CHECK_FALSE(JudgeRejects(0, 0, std::nullopt).too_many);  // an empty source is no failure
}

TEST_CASE("without max_reject_ratio, a run that accepted records fails above 1 %") {
  CHECK_FALSE(JudgeRejects(99, 1, std::nullopt).too_many);  // exactly 1 %
  CHECK(JudgeRejects(98, 2, std::nullopt).too_many);        // 2 %
  CHECK_FALSE(JudgeRejects(199, 1, std::nullopt).too_many);
  CHECK(JudgeRejects(199, 1, std::nullopt).threshold == 0.01);
  CHECK_FALSE(JudgeRejects(1000, 0, std::nullopt).too_many);
}

TEST_CASE("a configured max_reject_ratio applies whatever was accepted") {
  CHECK(JudgeRejects(1000, 1, 0.0).too_many);  // 0: no reject at all
  CHECK_FALSE(JudgeRejects(1000, 0, 0.0).too_many);
  CHECK_FALSE(JudgeRejects(95, 5, 0.05).too_many);
  CHECK(JudgeRejects(94, 6, 0.05).too_many);
  CHECK_FALSE(JudgeRejects(0, 10, 1.0).too_many);  // 1: never fails
  CHECK(JudgeRejects(0, 10, 0.5).too_many);
}

TEST_CASE("the message names the counts, the ratio, the threshold and the commands") {
  const auto verdict = JudgeRejects(0, 3, std::nullopt);
  CHECK(TooManyRejectsMessage(verdict, 0, 3, std::nullopt, "partners") ==
        "3 of 3 records were rejected (100 %), more than the 0 % allowed (max_reject_ratio is "
        "not set: any reject fails a run that accepted no record, else more than 1 %); list "
        "them with `tempo rejects partners`; after fixing the mapping, `tempo rejects partners "
        "--replay` stores them without re-reading the source");
  const auto configured = JudgeRejects(90, 10, 0.05);
  CHECK(TooManyRejectsMessage(configured, 90, 10, 0.05, "crm") ==
        "10 of 100 records were rejected (10 %), more than the 5 % allowed by the connection's "
        "max_reject_ratio: 0.05; list them with `tempo rejects crm`; after fixing the mapping, "
        "`tempo rejects crm --replay` stores them without re-reading the source");
}

TEST_CASE("percentages read as people write them") {
  CHECK(PercentText(1) == "100 %");
  CHECK(PercentText(0) == "0 %");
  CHECK(PercentText(0.01) == "1 %");
  CHECK(PercentText(0.005) == "0.5 %");
  CHECK(PercentText(1.0 / 3) == "33.33 %");
}
