// Escaping text for HTML and inline SVG: every piece of data the report writes into markup
// (partner names, explanations, SQL) goes through HtmlEscape, in text and in attribute values.
#ifndef TEMPO_HOST_REPORT_HTML_ESCAPE_H_
#define TEMPO_HOST_REPORT_HTML_ESCAPE_H_

#include <string>
#include <string_view>

namespace tempo::report {

// `text` with & < > " ' as character references; safe in element content and in quoted
// attribute values.
inline std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace tempo::report

#endif  // TEMPO_HOST_REPORT_HTML_ESCAPE_H_
