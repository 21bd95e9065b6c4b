// The text report: for a terminal, in the style of `tempo score`'s summary. Sections: the run,
// the ranking, the ecosystem, the change since the previous run, then each partner with its
// metrics, explanations and the way into their evidence.
#include <cstdio>
#include <string>
#include <string_view>

#include "config/weights.h"
#include "report/format.h"
#include "report/render.h"

namespace tempo::report {
namespace {

constexpr size_t kNameWidth = 32;

// `text` cut to `width` characters and padded with spaces to it.
std::string Cell(std::string_view text, size_t width) {
  std::string out = Shorten(text, width);
  return out + std::string(width - Characters(out), ' ');
}

// `text` right-aligned in `width` columns.
std::string Right(const std::string& text, size_t width) {
  const size_t n = Characters(text);
  return n >= width ? text : std::string(width - n, ' ') + text;
}

void RunHeader(const Report& r, std::ostream& out) {
  const RunInfo& run = r.run;
  out << "TEMPO report: score run " << run.id << ", scorer " << run.scorer << " (plugin "
      << run.plugin << " " << run.model_version << "), profile "
      << (run.profile.empty() ? "-" : run.profile) << "\n";
  out << "as of " << run.as_of;
  if (!run.window_start.empty()) out << " (window from " << run.window_start << ")";
  out << ", computed " << run.computed_at << "\n";
  std::string weights;
  for (size_t d = 0; d < kDimensionCount; ++d) {
    if (!run.weights[d]) continue;
    weights += (weights.empty() ? "" : ", ") + std::string(config::kDimensionCodes[d]) + " " +
               Percent(*run.weights[d]);
  }
  if (!weights.empty()) out << "weights: " << weights << "\n";
  std::string read;
  for (const ReadConnection& c : run.read) {
    read += (read.empty() ? "" : ", ") + c.connection + " (sync run " +
            std::to_string(c.sync_run_id) + ")";
  }
  out << "read: " << (read.empty() ? "no connection" : read) << "\n";
  for (const ExcludedConnection& c : run.excluded) {
    out << "not read: " << c.connection << ": " << c.reason << "\n";
  }
  if (r.previous) {
    out << "compared with score run " << r.previous->id << " (as of " << r.previous->as_of << ")\n";
  } else {
    out << "no earlier score run of scorer " << run.scorer << " with profile " << run.profile
        << " to compare with\n";
  }
}

std::string ScoreColumns(const Scores& s) {
  std::string line = Right(Points(s.tempo), 5);
  for (const auto& d : s.dimensions) line += Right(Points(d), 5);
  line += Right(Fraction(s.coverage), 10) + Right(Fraction(s.confidence), 12);
  return line;
}

std::string Note(const Scores& s, const Change& change) {
  if (change.is_new) return s.tempo ? "new" : "new, " + std::string(kInsufficient);
  if (!s.tempo) return kInsufficient;
  return s.partial ? "partial" : "";
}

void Ranking(const Report& r, std::ostream& out) {
  out << "\nRANKING";
  if (r.partner_filter.empty()) {
    out << " (" << r.partners.size() << (r.partners.size() == 1 ? " partner)" : " partners)");
  } else {
    out << " (1 of " << r.partners_in_run << " partners)";
  }
  out << "\n" << Right("#", 4) << "  " << Cell("partner", kNameWidth) << Right("TEMPO", 6);
  for (std::string_view code : config::kDimensionCodes) out << Right(std::string(code), 5);
  out << Right("coverage", 10) << Right("confidence", 12) << Right("change", 8) << "\n";
  const auto row = [&](const std::string& rank, const Subject& s) {
    std::string line = Right(rank, 4) + "  " + Cell(s.scores.name, kNameWidth) + " " +
                       ScoreColumns(s.scores) + Right(SignedPoints(s.change.tempo), 8);
    const std::string note = Note(s.scores, s.change);
    if (!note.empty()) line += "  " + note;
    out << line.substr(0, line.find_last_not_of(' ') + 1) << "\n";
  };
  for (const Subject& p : r.partners) {
    row(p.scores.rank ? std::to_string(*p.scores.rank) : "-", p);
  }
  row("", r.ecosystem);
  out << "  (\"-\": " << kInsufficient << ", not 0; partial: coverage below "
      << Fraction(r.run.partial_below) << ")\n";
}

void Dimensions(const Scores& s, std::ostream& out) {
  std::string line;
  for (size_t d = 0; d < kDimensionCount; ++d) {
    line += (d == 0 ? "  " : " | ") + std::string(config::kDimensionCodes[d]) + " " +
            DimensionName(d) + " " + Points(s.dimensions[d], kInsufficient);
  }
  out << line << "\n";
}

void Composite(const Subject& s, std::ostream& out) {
  out << "  TEMPO " << Points(s.scores.tempo, kInsufficient) << " (coverage "
      << Fraction(s.scores.coverage) << ", confidence " << Fraction(s.scores.confidence)
      << (s.scores.partial ? ", partial" : "") << ")";
  if (s.change.compared) {
    if (s.change.is_new) {
      out << ", new since the previous run";
    } else if (s.change.tempo) {
      out << ", " << SignedPoints(s.change.tempo) << " since the previous run ("
          << Points(s.change.previous_tempo) << ")";
    }
  }
  out << "\n";
  Dimensions(s.scores, out);
}

void Metrics(const std::vector<Metric>& metrics, std::ostream& out) {
  for (const Metric& m : metrics) {
    out << "  " << Cell(m.code, 4) << " " << Cell(StatusLabel(m.status), 18)
        << Right(Points(m.normalized), 4);
    const std::string numbers = MetricNumbers(m);
    if (!numbers.empty()) out << "  " << numbers;
    out << "\n";
    if (!m.explanation.empty()) out << "       " << m.explanation << "\n";
    if (m.evidence_count == 0) {
      out << "       evidence: none\n";
      continue;
    }
    out << "       evidence: " << m.evidence_count
        << (m.evidence_count == 1 ? " record" : " records");
    std::string first;
    for (const EvidenceRecord& e : m.evidence) {
      first += (first.empty() ? "" : ", ") + EvidenceLabel(e) + " (" + e.role + ")";
    }
    out << (static_cast<size_t>(m.evidence_count) > m.evidence.size() ? ", first: " : ": ") << first
        << "\n";
    out << "       " << m.evidence_sql << "\n";
  }
}

void Ecosystem(const Report& r, std::ostream& out) {
  out << "\nECOSYSTEM\n";
  Composite(r.ecosystem, out);
  if (r.partner_filter.empty()) {
    size_t scored = 0, partial = 0;
    for (const Subject& p : r.partners) {
      scored += p.scores.tempo.has_value();
      partial += p.scores.partial;
    }
    out << "  " << r.partners.size() << " partners scored: " << scored << " with a TEMPO score ("
        << partial << " partial), " << r.partners.size() - scored << " without (" << kInsufficient
        << ")\n";
    Metrics(r.ecosystem.metrics, out);
  } else {
    out << "  (its metrics: the report without --partner)\n";
  }
}

void Changes(const Report& r, std::ostream& out) {
  if (!r.previous) return;
  out << "\nCHANGE SINCE SCORE RUN " << r.previous->id << " (as of " << r.previous->as_of << ")\n";
  out << "  " << Cell("", kNameWidth) << Right("TEMPO", 16);
  for (std::string_view code : config::kDimensionCodes) out << Right(std::string(code), 5);
  out << Right("rank", 10) << "\n";
  const auto row = [&](const Subject& s) {
    out << "  " << Cell(s.scores.name, kNameWidth);
    if (s.change.is_new) {
      out << Right("new", 16) << "\n";
      return;
    }
    const std::string tempo = Points(s.change.previous_tempo) + " -> " + Points(s.scores.tempo) +
                              (s.change.tempo ? " (" + SignedPoints(s.change.tempo) + ")" : "");
    out << Right(tempo, 16);
    for (const auto& d : s.change.dimensions) out << Right(SignedPoints(d, "-"), 5);
    if (s.scores.scope == "partner") {
      const auto rank = [](const std::optional<int64_t>& v) {
        return v ? std::to_string(*v) : std::string("-");
      };
      out << Right(rank(s.change.previous_rank) + " -> " + rank(s.scores.rank), 10);
    }
    out << "\n";
  };
  for (const Subject& p : r.partners) row(p);
  row(r.ecosystem);
  for (const Scores& d : r.dropped) {
    out << "  no longer scored: " << d.name << " (" << d.partner_key << "; TEMPO "
        << Points(d.tempo) << " in run " << r.previous->id << ")\n";
  }
}

void Partners(const Report& r, std::ostream& out) {
  out << "\nPARTNERS\n";
  for (const Subject& p : r.partners) {
    out << "\n"
        << (p.scores.rank ? "#" + std::to_string(*p.scores.rank) + " " : "- ") << p.scores.name
        << "  (" << p.scores.partner_key << "; partner row " << p.scores.connection << "/"
        << p.scores.partner_source_id << ")\n";
    Composite(p, out);
    Metrics(p.metrics, out);
  }
}

}  // namespace

void RenderText(const Report& report, std::ostream& out) {
  RunHeader(report, out);
  Ranking(report, out);
  Ecosystem(report, out);
  Changes(report, out);
  Partners(report, out);
}

}  // namespace tempo::report
