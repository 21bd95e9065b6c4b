// A scripted Marketo for the readers' unit tests: answers the kit's fake host the way Marketo
// does (the envelope, export jobs and Range reads of their files, activity pages by token,
// leads by id, programs by offset, members by token), from data a test sets, with errors a test
// queues. Small on purpose; the faithful fake is tests/fakes/marketo/.
#ifndef TEMPO_TESTS_UNIT_MARKETO_SCRIPTED_MARKETO_H_
#define TEMPO_TESTS_UNIT_MARKETO_SCRIPTED_MARKETO_H_

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tempo/testing/fake_host.hpp"

namespace tempo::marketo::testing {

using sdk::testing::FakeHttpRequest;
using sdk::testing::FakeHttpResponse;

inline FakeHttpResponse Ok(const std::string& result, const std::string& more = "") {
  return {200, R"({"requestId":"r#1","result":)" + result + more + R"(,"success":true})", {}};
}

inline FakeHttpResponse Error(const std::string& code, const std::string& message) {
  return {200,
          R"({"requestId":"r#1","success":false,"errors":[{"code":")" + code + R"(","message":")" +
              message + R"("}]})",
          {}};
}

// The value of query parameter `name` in `url` (not decoded), or "".
inline std::string Param(const std::string& url, const std::string& name) {
  for (const char sep : {'?', '&'}) {
    const size_t at = url.find(sep + name + "=");
    if (at == std::string::npos) continue;
    const size_t start = at + name.size() + 2;
    const size_t end = url.find('&', start);
    return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  }
  return "";
}

struct ScriptedMarketo {
  struct Job {
    std::string id, filter, start, end, status = "Created";
  };

  std::vector<std::string> fields = {"id",
                                     "email",
                                     "company",
                                     "leadStatus",
                                     "leadSource",
                                     "createdAt",
                                     "updatedAt",
                                     "acquisitionProgramId",
                                     "referringPartner"};
  bool updated_at_filter = true;
  // The file of a job (its CSV text).
  std::function<std::string(const Job&)> file_for = [](const Job&) { return std::string(); };
  // What status.json says for a job after it was enqueued: "Completed" unless scripted
  // (statuses are used up in order, then "Completed").
  std::deque<std::string> statuses;
  std::vector<Job> jobs;
  // Activity pages by the token they are asked with.
  std::map<std::string, FakeHttpResponse> change_pages, deleted_pages;
  std::map<std::string, std::string> leads_by_id;  // id -> its leads.json object
  // programs.json pages by offset; past the last: the "No assets found" warning.
  std::map<int64_t, std::string> program_pages;
  // Member pages by "<program id>:<token>" (token "" for the first page).
  std::map<std::string, FakeHttpResponse> member_pages;
  // Errors answered instead, in order, to the first requests whose URL contains the key.
  std::deque<std::pair<std::string, FakeHttpResponse>> errors;

  FakeHttpResponse operator()(const FakeHttpRequest& r) {
    for (auto it = errors.begin(); it != errors.end(); ++it) {
      if (r.url.find(it->first) != std::string::npos) {
        FakeHttpResponse out = it->second;
        errors.erase(it);
        return out;
      }
    }
    const std::string& u = r.url;
    if (u.find("/rest/v1/leads/describe.json") != std::string::npos) {
      std::string result = "[";
      for (size_t i = 0; i < fields.size(); ++i) {
        result += (i ? "," : "") + std::string(R"({"id":)") + std::to_string(i + 1) +
                  R"(,"displayName":"x","dataType":"string","rest":{"name":")" + fields[i] +
                  R"(","readOnly":false}})";
      }
      return Ok(result + "]");
    }
    if (u.find("/bulk/v1/leads/export/create.json") != std::string::npos) {
      Job job;
      job.filter = r.body.find("\"updatedAt\":{") != std::string::npos ? "updatedAt" : "createdAt";
      if (job.filter == "updatedAt" && !updated_at_filter) {
        return Error("1035", "Unsupported filter type for target subscription: updatedAt");
      }
      job.start = Between(r.body, "\"startAt\":\"", "\"");
      job.end = Between(r.body, "\"endAt\":\"", "\"");
      job.id = "job" + std::to_string(jobs.size() + 1);
      jobs.push_back(job);
      return Ok(R"([{"exportId":")" + job.id + R"(","status":"Created"}])");
    }
    if (u.find("/bulk/v1/leads/export/") != std::string::npos) {
      const std::string id = Between(u, "/export/", "/");
      auto job = std::find_if(jobs.begin(), jobs.end(), [&](const Job& j) { return j.id == id; });
      if (job == jobs.end()) return Error("1003", "Export Id " + id + " not found");
      if (u.find("/enqueue.json") != std::string::npos) {
        if (job->status != "Created") return Error("1003", "already " + job->status);
        job->status = "Queued";
        return Ok(R"([{"exportId":")" + id + R"(","status":"Queued"}])");
      }
      const std::string file = file_for(*job);
      if (u.find("/status.json") != std::string::npos) {
        if (job->status == "Queued") {
          job->status = statuses.empty() ? "Completed" : statuses.front();
          if (!statuses.empty()) statuses.pop_front();
        } else if (job->status == "Processing") {
          job->status = "Completed";
        }
        std::string more = job->status == "Completed"
                               ? R"(,"fileSize":)" + std::to_string(file.size())
                               : std::string();
        return Ok(R"([{"exportId":")" + id + R"(","status":")" + job->status + "\"" + more + "}]");
      }
      if (u.find("/file.json") != std::string::npos) {
        const std::string range = r.Header("Range");
        const size_t dash = range.find('-');
        const int64_t first = std::stoll(range.substr(6, dash - 6));
        const int64_t last = std::min<int64_t>(std::stoll(range.substr(dash + 1)),
                                               static_cast<int64_t>(file.size()) - 1);
        return {206,
                file.substr(first, last - first + 1),
                {{"Content-Range", "bytes " + std::to_string(first) + "-" + std::to_string(last) +
                                       "/" + std::to_string(file.size())}}};
      }
    }
    if (u.find("/rest/v1/activities/pagingtoken.json") != std::string::npos) {
      return {200, R"({"requestId":"r","success":true,"nextPageToken":"T0"})", {}};
    }
    if (u.find("/rest/v1/activities/leadchanges.json") != std::string::npos) {
      return Page(change_pages, Param(u, "nextPageToken"));
    }
    if (u.find("/rest/v1/activities/deletedleads.json") != std::string::npos) {
      return Page(deleted_pages, Param(u, "nextPageToken"));
    }
    if (u.find("/rest/v1/leads.json") != std::string::npos) {
      std::string ids = Param(u, "filterValues"), result = "[";
      for (size_t start = 0; start <= ids.size();) {
        size_t comma = ids.find(',', start);
        if (comma == std::string::npos) comma = ids.size();
        auto it = leads_by_id.find(ids.substr(start, comma - start));
        if (it != leads_by_id.end()) result += (result.size() > 1 ? "," : "") + it->second;
        start = comma + 1;
      }
      return Ok(result + "]");
    }
    if (u.find("/rest/asset/v1/programs.json") != std::string::npos) {
      auto it = program_pages.find(std::stoll(Param(u, "offset")));
      if (it == program_pages.end()) {
        return {200,
                R"({"success":true,"warnings":["No assets found for the given search )"
                R"(criteria."],"errors":[],"requestId":"r"})",
                {}};
      }
      return Ok(it->second, R"(,"warnings":[],"errors":[])");
    }
    if (u.find("/rest/v1/leads/programs/") != std::string::npos) {
      const std::string key = Between(u, "/programs/", ".json") + ":" + Param(u, "nextPageToken");
      auto it = member_pages.find(key);
      if (it == member_pages.end()) return Error("1013", "Program not found");
      return it->second;
    }
    return {404, "no route for " + u, {}};
  }

 private:
  static std::string Between(const std::string& text, const std::string& open,
                             const std::string& close) {
    const size_t a = text.find(open);
    if (a == std::string::npos) return "";
    const size_t b = text.find(close, a + open.size());
    return text.substr(a + open.size(),
                       b == std::string::npos ? std::string::npos : b - a - open.size());
  }
  static FakeHttpResponse Page(const std::map<std::string, FakeHttpResponse>& pages,
                               const std::string& token) {
    auto it = pages.find(token);
    if (it == pages.end()) return Error("1003", "Invalid nextPageToken " + token);
    return it->second;
  }
};

// An activity page: `result` and its paging members.
inline FakeHttpResponse ActivityPage(const std::string& result, const std::string& next,
                                     bool more) {
  return Ok(result,
            R"(,"nextPageToken":")" + next + R"(","moreResult":)" + (more ? "true" : "false"));
}

}  // namespace tempo::marketo::testing

#endif  // TEMPO_TESTS_UNIT_MARKETO_SCRIPTED_MARKETO_H_
