// The synthetic company as the fake Mailchimp shows it (api-wire-formats.md section 4):
//
//  - two audiences (lists); every lead of the dataset (fakes/core/dataset.h) is a member of
//    the list of the campaign it belongs to, so campaign recipients are list members;
//  - member id = MD5 of the lower-cased e-mail (as Mailchimp's subscriber hash); a lead whose
//    address another lead of the same list already has gets `first.last.<row>@domain`;
//  - member status from the lead (archived leads are `archived`), `last_changed` = the lead's
//    modification time in whole seconds, `timestamp_signup` / `timestamp_opt` "" when unknown,
//    `source` from the lead source, `tags` naming the referring partner ("Partner: <name>");
//  - campaigns are the dataset's campaigns (`sent` once their start is past `as_of`, else a
//    draft, `save`, with `send_time` ""), sent to their list; email activity per recipient
//    (opens, and a click for those who responded).
//
// Everything is a pure function of the dataset (and its version), except the index of list
// members and campaign recipients, which MailchimpView builds once per dataset version.
#ifndef TEMPO_TESTS_FAKES_MAILCHIMP_MAILCHIMP_RECORDS_H_
#define TEMPO_TESTS_FAKES_MAILCHIMP_MAILCHIMP_RECORDS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/core/dataset.h"

namespace tempo::fakes {

inline constexpr int kMailchimpLists = 2;

// "2024-06-29T12:00:00+00:00": Mailchimp's datetimes (whole seconds, +00:00).
std::string FormatMailchimpTime(int64_t ms);
// The MD5 of `text` as 32 lower-case hex digits.
std::string Md5Hex(std::string_view text);

struct MailchimpTag {
  int64_t id = 0;
  std::string name;
};

struct MailchimpActivity {
  std::string action;  // open | click
  int64_t at_ms = 0;
  std::string url;  // clicks
};

// One member of a list: what a client maps, as the fake serves it.
struct MailchimpMember {
  int64_t row = 0;  // the lead's row
  int list = 0;
  std::string list_id, id, email, first_name, last_name, company, title;
  std::string status;  // subscribed | unsubscribed | cleaned | pending | archived
  std::string source;  // "Hosted Signup Form", "Import", ...
  std::string timestamp_signup, timestamp_opt, last_changed;  // "" when unknown
  int64_t last_changed_ms = 0;                                // whole seconds
  std::vector<MailchimpTag> tags;
};

struct MailchimpCampaign {
  int64_t row = 0;
  int list = 0;
  std::string id, list_id, title, subject, status;  // status: sent | save
  std::string create_time, send_time;               // send_time "" for drafts
  int64_t create_ms = 0, send_ms = 0;
};

class MailchimpView {
 public:
  // Indexes `dataset` as it is now (members per list, recipients per campaign).
  explicit MailchimpView(const Dataset& dataset);

  uint64_t version() const { return version_; }
  std::string ListId(int list) const;
  std::string_view ListName(int list) const;
  // The list with this id, or -1.
  int FindList(std::string_view id) const;
  // Lead rows in the list, in row order (the order members were added).
  const std::vector<int64_t>& ListRows(int list) const { return list_rows_[list]; }

  MailchimpMember Member(int64_t row) const;
  MailchimpCampaign Campaign(int64_t row) const;
  // The campaign with this id, or -1.
  int64_t FindCampaign(std::string_view id) const;
  // Recipients (lead rows) of a campaign, in row order; none for a draft.
  const std::vector<int64_t>& Recipients(int64_t campaign_row) const;
  // A recipient's activity on a sent campaign, oldest first (may be empty).
  std::vector<MailchimpActivity> Activity(int64_t campaign_row, int64_t lead_row) const;

 private:
  const Dataset& dataset_;
  uint64_t version_ = 0;
  std::vector<int64_t> list_rows_[kMailchimpLists];
  std::vector<int64_t> lead_list_;               // list of each lead
  std::map<int64_t, std::string> email_rename_;  // leads whose address is taken in their list
  std::vector<std::vector<int64_t>> recipients_;
  std::map<std::string, int64_t, std::less<>> campaign_ids_;
};

}  // namespace tempo::fakes

#endif  // TEMPO_TESTS_FAKES_MAILCHIMP_MAILCHIMP_RECORDS_H_
