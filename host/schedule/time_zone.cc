// Time zones over the system's tz database (the contract is in time_zone.h).
#include "schedule/time_zone.h"

#include <date/tz.h>

#include <algorithm>
#include <cstdio>
#include <exception>

namespace tempo::schedule {
namespace {

namespace chr = std::chrono;

// date::local_time and std::chrono::local_time count the same wall clock from the same epoch.
date::local_seconds ToDateLocal(LocalTime local) {
  return date::local_seconds(chr::floor<chr::seconds>(local.time_since_epoch()));
}

// "localtime" is a link to this machine's /etc/localtime: a tempo.yaml meaning one thing on
// the laptop and another on the server. Not a zone one can name.
bool IsNamable(std::string_view name) { return name != "localtime"; }

std::string FormatWall(chr::sys_time<chr::milliseconds> wall, std::string_view abbreviation) {
  const chr::sys_days day = chr::floor<chr::days>(wall);
  const chr::year_month_day ymd{day};
  const chr::hh_mm_ss<chr::milliseconds> tod{wall - day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()));
  std::string out = buf;
  if (tod.seconds().count() != 0 || tod.subseconds().count() != 0) {
    std::snprintf(buf, sizeof buf, ":%02d", static_cast<int>(tod.seconds().count()));
    out += buf;
  }
  return out + " " + std::string(abbreviation);
}

}  // namespace

Result<TimeZone> TimeZone::Find(std::string_view name) {
  TimeZone zone;
  if (name == "UTC") return zone;
  if (!IsNamable(name)) {
    return Status::NotFound("'localtime' is this machine's own setting, not a zone name");
  }
  try {
    zone.zone_ = date::locate_zone(name);
  } catch (const std::exception& e) {
    // locate_zone throws runtime_error both for an unknown name and for a database it cannot
    // read; tell them apart by whether the database has any zone at all.
    if (TimeZoneNames().empty()) {
      return Status::Io(std::string("cannot read the tz database in /usr/share/zoneinfo (") +
                        e.what() + "); install Debian's tzdata package");
    }
    return Status::NotFound("no such zone in the tz database");
  }
  zone.name_ = std::string(name);
  return zone;
}

LocalTime TimeZone::ToLocal(Time t) const {
  if (zone_ == nullptr) return LocalTime(t.time_since_epoch());
  const date::sys_info info = zone_->get_info(date::sys_seconds(chr::floor<chr::seconds>(t)));
  return LocalTime(t.time_since_epoch() + chr::duration_cast<chr::milliseconds>(info.offset));
}

Time TimeZone::ToUtc(LocalTime local) const {
  if (zone_ == nullptr) return Time(local.time_since_epoch());
  const date::local_info info = zone_->get_info(ToDateLocal(local));
  switch (info.result) {
    case date::local_info::nonexistent:
      // Skipped by a spring-forward transition: the first instant after the gap.
      return Time(chr::duration_cast<chr::milliseconds>(info.second.begin.time_since_epoch()));
    case date::local_info::ambiguous:  // repeated: `first` is the earlier offset's occurrence
    case date::local_info::unique:
    default:
      return Time(local.time_since_epoch() -
                  chr::duration_cast<chr::milliseconds>(info.first.offset));
  }
}

std::string TimeZone::Format(Time t) const {
  if (zone_ == nullptr) return FormatWall(t, "UTC");
  const date::sys_info info = zone_->get_info(date::sys_seconds(chr::floor<chr::seconds>(t)));
  return FormatWall(t + chr::duration_cast<chr::milliseconds>(info.offset), info.abbrev);
}

std::vector<std::string> TimeZoneNames() {
  std::vector<std::string> names;
  try {
    for (const date::time_zone& zone : date::get_tzdb().zones) {
      if (IsNamable(zone.name())) names.emplace_back(zone.name());
    }
  } catch (const std::exception&) {
    names.clear();
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace tempo::schedule
