// SOQL: tokenizer, recursive-descent parser, binder and evaluator.
#include "fakes/salesforce/soql.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "fakes/core/encoding.h"

namespace tempo::fakes {
namespace {

// --- Tokens. ---

struct Token {
  enum class Kind : uint8_t { kEnd, kWord, kString, kLiteral, kSymbol };
  Kind kind = Kind::kEnd;
  std::string text;     // word (as written), symbol, string contents, literal text
  size_t position = 0;  // 0-based offset, for messages
};

bool IsWordStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Status Malformed(std::string message) { return Status::InvalidArgument(std::move(message)); }

Result<std::vector<Token>> Tokenize(std::string_view s) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    Token t;
    t.position = i;
    if (IsWordStart(c)) {
      size_t j = i;
      while (j < s.size() && IsWordChar(s[j])) ++j;
      t.kind = Token::Kind::kWord;
      t.text = std::string(s.substr(i, j - i));
      i = j;
    } else if (c == '\'') {
      ++i;
      std::string text;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == '\\' && i + 1 < s.size()) {
          text.push_back(s[i + 1]);
          i += 2;
        } else if (s[i] == '\'') {
          closed = true;
          ++i;
          break;
        } else {
          text.push_back(s[i++]);
        }
      }
      if (!closed)
        return Malformed("unterminated string literal at position " +
                         std::to_string(t.position + 1));
      t.kind = Token::Kind::kString;
      t.text = std::move(text);
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '-' && i + 1 < s.size() &&
                std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      size_t j = i + 1;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == ':' ||
                              s[j] == '.' || s[j] == '+' || s[j] == '-')) {
        ++j;
      }
      t.kind = Token::Kind::kLiteral;
      t.text = std::string(s.substr(i, j - i));
      i = j;
    } else {
      static constexpr std::string_view kTwo[] = {"<=", ">=", "!=", "<>"};
      t.kind = Token::Kind::kSymbol;
      for (std::string_view two : kTwo) {
        if (s.substr(i, 2) == two) t.text = std::string(two);
      }
      if (t.text.empty()) {
        if (std::string_view("=<>(),").find(c) == std::string_view::npos) {
          return Malformed("unexpected character '" + std::string(1, c) + "' at position " +
                           std::to_string(i + 1));
        }
        t.text = std::string(1, c);
      }
      i += t.text.size();
    }
    tokens.push_back(std::move(t));
  }
  Token end;
  end.position = s.size();
  tokens.push_back(end);
  return tokens;
}

// Classifies an unquoted literal: number, date or date-time (a zone is required).
Result<SoqlLiteral> ClassifyLiteral(const std::string& text) {
  SoqlLiteral lit;
  const bool has_time = text.find('T') != std::string::npos;
  if (text.size() >= 10 && text[4] == '-' && text[7] == '-') {
    std::optional<int64_t> ms = ParseIsoDateTime(text);
    const size_t t = text.find('T');
    const bool zoned =
        !has_time || text.back() == 'Z' ||
        text.find_first_of("+-", t == std::string::npos ? 0 : t) != std::string::npos;
    if (!ms || !zoned) {
      return Malformed("invalid date/dateTime literal '" + text +
                       "' (expected 2024-01-31 or 2024-01-31T00:00:00Z / ...T00:00:00.000+0000; "
                       "encode '+' as %2B in the URL)");
    }
    lit.kind = has_time ? SoqlLiteral::Kind::kDateTime : SoqlLiteral::Kind::kDate;
    lit.ms = *ms;
    return lit;
  }
  char* end = nullptr;
  lit.number = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0') return Malformed("invalid literal '" + text + "'");
  lit.kind = SoqlLiteral::Kind::kNumber;
  return lit;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<SoqlQuery> Query() {
    SoqlQuery q;
    Status s = Keyword("SELECT");
    if (!s.ok()) return s;
    if (IsKeyword("COUNT") && tokens_[pos_ + 1].text == "(") {
      pos_ += 2;
      if (!(s = Symbol(")")).ok()) return s;
      q.count_only = true;
    } else {
      while (true) {
        if (Peek().kind != Token::Kind::kWord || IsKeyword("FROM"))
          return Unexpected("a field name");
        const Token& field = Next();
        q.fields.push_back({field.text, field.position});
        if (Peek().text != ",") break;
        ++pos_;
      }
    }
    if (!(s = Keyword("FROM")).ok()) return s;
    if (Peek().kind != Token::Kind::kWord) return Unexpected("an object name");
    const Token& object = Next();
    q.object = {object.text, object.position};
    if (IsKeyword("WHERE")) {
      ++pos_;
      Result<SoqlCondition> c = Or();
      if (!c.ok()) return c.status();
      q.where = std::move(*c);
    }
    if (IsKeyword("ORDER")) {
      ++pos_;
      if (!(s = Keyword("BY")).ok()) return s;
      while (true) {
        if (Peek().kind != Token::Kind::kWord) return Unexpected("a field name");
        const Token& field = Next();
        SoqlOrder o{{field.text, field.position}, false};
        if (IsKeyword("ASC"))
          ++pos_;
        else if (IsKeyword("DESC")) {
          ++pos_;
          o.descending = true;
        }
        if (IsKeyword("NULLS")) {
          ++pos_;
          if (!IsKeyword("FIRST") && !IsKeyword("LAST")) return Unexpected("FIRST or LAST");
          ++pos_;
        }
        q.order_by.push_back(std::move(o));
        if (Peek().text != ",") break;
        ++pos_;
      }
    }
    for (const char* clause : {"LIMIT", "OFFSET"}) {
      if (!IsKeyword(clause)) continue;
      ++pos_;
      std::optional<int64_t> n =
          Peek().kind == Token::Kind::kLiteral ? ParseInt(Peek().text) : std::nullopt;
      if (!n || *n < 0) return Unexpected(std::string("a row count after ") + clause);
      ++pos_;
      (std::string_view(clause) == "LIMIT" ? q.limit : q.offset) = *n;
    }
    if (Peek().kind != Token::Kind::kEnd) return Unexpected("the end of the query");
    return q;
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool IsKeyword(std::string_view word) const {
    return Peek().kind == Token::Kind::kWord && Upper(Peek().text) == word;
  }
  Status Unexpected(std::string expected) const {
    const Token& t = Peek();
    std::string got = t.kind == Token::Kind::kEnd ? "the end of the query" : "'" + t.text + "'";
    return Malformed("expected " + expected + " at position " + std::to_string(t.position + 1) +
                     ", got " + got);
  }
  Status Keyword(std::string_view word) {
    if (!IsKeyword(word)) return Unexpected(std::string(word));
    ++pos_;
    return Status::Ok();
  }
  Status Symbol(std::string_view symbol) {
    if (Peek().kind != Token::Kind::kSymbol || Peek().text != symbol)
      return Unexpected("'" + std::string(symbol) + "'");
    ++pos_;
    return Status::Ok();
  }

  Result<SoqlCondition> Or() {
    Result<SoqlCondition> left = And();
    if (!left.ok() || !IsKeyword("OR")) return left;
    SoqlCondition node;
    node.kind = SoqlCondition::Kind::kOr;
    node.children.push_back(std::move(*left));
    while (IsKeyword("OR")) {
      ++pos_;
      Result<SoqlCondition> right = And();
      if (!right.ok()) return right;
      node.children.push_back(std::move(*right));
    }
    return node;
  }

  Result<SoqlCondition> And() {
    Result<SoqlCondition> left = Not();
    if (!left.ok() || !IsKeyword("AND")) return left;
    SoqlCondition node;
    node.kind = SoqlCondition::Kind::kAnd;
    node.children.push_back(std::move(*left));
    while (IsKeyword("AND")) {
      ++pos_;
      Result<SoqlCondition> right = Not();
      if (!right.ok()) return right;
      node.children.push_back(std::move(*right));
    }
    return node;
  }

  Result<SoqlCondition> Not() {
    if (!IsKeyword("NOT")) return Primary();
    ++pos_;
    Result<SoqlCondition> inner = Not();
    if (!inner.ok()) return inner;
    SoqlCondition node;
    node.kind = SoqlCondition::Kind::kNot;
    node.children.push_back(std::move(*inner));
    return node;
  }

  // A literal value, with where it stands in the query.
  Result<SoqlLiteral> Literal() {
    const size_t position = Peek().position;
    Result<SoqlLiteral> lit = LiteralValue();
    if (lit.ok()) lit->position = position;
    return lit;
  }

  Result<SoqlLiteral> LiteralValue() {
    const Token& t = Peek();
    SoqlLiteral lit;
    if (t.kind == Token::Kind::kString) {
      lit.kind = SoqlLiteral::Kind::kString;
      lit.text = Next().text;
      return lit;
    }
    if (t.kind == Token::Kind::kLiteral) return ClassifyLiteral(Next().text);
    if (t.kind == Token::Kind::kWord) {
      const std::string word = Upper(t.text);
      if (word == "TRUE" || word == "FALSE") {
        ++pos_;
        lit.kind = SoqlLiteral::Kind::kBool;
        lit.boolean = word == "TRUE";
        return lit;
      }
      if (word == "NULL") {
        ++pos_;
        return lit;
      }
      return Malformed("unsupported literal '" + t.text + "' at position " +
                       std::to_string(t.position + 1) +
                       " (the fake supports no date literals such as TODAY or LAST_N_DAYS:n)");
    }
    return Unexpected("a value");
  }

  Result<SoqlCondition> Primary() {
    if (Peek().kind == Token::Kind::kSymbol && Peek().text == "(") {
      ++pos_;
      Result<SoqlCondition> inner = Or();
      if (!inner.ok()) return inner;
      Status s = Symbol(")");
      if (!s.ok()) return s;
      return inner;
    }
    if (Peek().kind != Token::Kind::kWord) return Unexpected("a field name");
    SoqlCondition c;
    const Token& field = Next();
    c.field = {field.text, field.position};
    if (IsKeyword("NOT") || IsKeyword("IN")) {
      const bool negated = IsKeyword("NOT");
      if (negated) ++pos_;
      Status s = Keyword("IN");
      if (!s.ok()) return s;
      if (!(s = Symbol("(")).ok()) return s;
      while (true) {
        Result<SoqlLiteral> v = Literal();
        if (!v.ok()) return v.status();
        c.values.push_back(std::move(*v));
        if (Peek().text != ",") break;
        ++pos_;
      }
      if (!(s = Symbol(")")).ok()) return s;
      c.op = negated ? "NOTIN" : "IN";
      return c;
    }
    if (IsKeyword("LIKE")) {
      ++pos_;
      c.op = "LIKE";
    } else if (IsComparison(Peek())) {
      c.op = Next().text;
      if (c.op == "<>") c.op = "!=";
    } else {
      return Unexpected("a comparison operator");
    }
    Result<SoqlLiteral> v = Literal();
    if (!v.ok()) return v.status();
    c.values.push_back(std::move(*v));
    return c;
  }

  static bool IsComparison(const Token& t) {
    static constexpr std::string_view kOps[] = {"=", "!=", "<>", "<", "<=", ">", ">="};
    return t.kind == Token::Kind::kSymbol &&
           std::find(std::begin(kOps), std::end(kOps), t.text) != std::end(kOps);
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

// --- Binding. ---

SoqlLiteral::Kind ExpectedKind(std::string_view type) {
  if (type == "datetime") return SoqlLiteral::Kind::kDateTime;
  if (type == "date") return SoqlLiteral::Kind::kDate;
  if (type == "boolean") return SoqlLiteral::Kind::kBool;
  if (type == "currency" || type == "double" || type == "percent" || type == "int")
    return SoqlLiteral::Kind::kNumber;
  return SoqlLiteral::Kind::kString;
}

// Salesforce's message for an error at `position` of the query `text`: the line, a caret under
// the column, "ERROR at Row:R:Column:C" (1-based), then `message`.
std::string Located(std::string_view text, size_t position, std::string_view message) {
  position = std::min(position, text.size());
  size_t begin = 0;
  int row = 1;
  for (size_t i = 0; i < position; ++i) {
    if (text[i] == '\n') {
      ++row;
      begin = i + 1;
    }
  }
  size_t end = text.find('\n', position);
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(begin, end - begin);
  if (line.ends_with('\r')) line.remove_suffix(1);
  const size_t column = position - begin + 1;
  return "\n" + std::string(line) + "\n" + std::string(column - 1, ' ') +
         "^\nERROR at Row:" + std::to_string(row) + ":Column:" + std::to_string(column) + "\n" +
         std::string(message);
}

// Resolves one query's names against one object as the profile sees it.
class Binder {
 public:
  Binder(const SoqlQuery& query, const SfObjectDef& object, const SfProfile& profile)
      : query_(query), object_(object), profile_(profile) {}

  // The index of a field the profile sees; a hidden field is as unknown as a missing one.
  Result<int> Field(const SoqlName& name) const { return FieldOf(object_, name.text, name); }

  // A selected field: the object's, or a parent's through a relationship ("AccountTo.Name").
  Result<SoqlSelect> Select(const SoqlName& name) const {
    SoqlSelect out;
    const size_t dot = name.text.find('.');
    if (dot == std::string::npos) {
      Result<int> index = Field(name);
      if (!index.ok()) return index.status();
      out.field = *index;
      return out;
    }
    const std::string relationship = name.text.substr(0, dot);
    for (size_t i = 0; i < object_.fields.size(); ++i) {
      const SfFieldDef& f = object_.fields[i];
      if (f.type != "reference" || !profile_.Sees(object_, f) ||
          Upper(SfRelationshipName(f)) != Upper(relationship)) {
        continue;
      }
      out.parent = FindSfObject(f.reference_to);
      out.field = static_cast<int>(i);
      out.relationship = SfRelationshipName(f);
    }
    if (out.parent == nullptr || !profile_.Sees(*out.parent)) {
      return InvalidField(
          name.position,
          "Didn't understand relationship '" + relationship +
              "' in field path. If you are attempting to use a custom relationship, be sure to "
              "append the '__r' after the custom relationship name. Please reference your WSDL "
              "or the describe call for the appropriate names.");
    }
    Result<int> parent_field = FieldOf(*out.parent, name.text.substr(dot + 1), name);
    if (!parent_field.ok()) return parent_field.status();
    out.parent_field = *parent_field;
    return out;
  }

  Result<int> FieldOf(const SfObjectDef& object, const std::string& field,
                      const SoqlName& name) const {
    if (object_.name == object.name && field.find('.') != std::string::npos) {
      return InvalidField(name.position,
                          "relationship field '" + field +
                              "': this fake Salesforce reads relationship fields in SELECT only");
    }
    const int index = SfFieldIndex(object, field);
    if (index < 0 || !profile_.Sees(object, object.fields[index])) {
      return InvalidField(
          name.position,
          "No such column '" + field + "' on entity '" + std::string(object.name) +
              "'. If you are attempting to use a custom field, be sure to append the '__c' "
              "after the custom field name. Please reference your WSDL or the describe call "
              "for the appropriate names.");
    }
    return index;
  }

  Result<SoqlPlan::Condition> Condition(const SoqlCondition& c) const {
    SoqlPlan::Condition out;
    out.kind = c.kind;
    for (const SoqlCondition& child : c.children) {
      Result<SoqlPlan::Condition> b = Condition(child);
      if (!b.ok()) return b.status();
      out.children.push_back(std::move(*b));
    }
    if (c.kind != SoqlCondition::Kind::kCompare) return out;
    Result<int> field = Field(c.field);
    if (!field.ok()) return field.status();
    out.field = *field;
    out.op = c.op;
    const SfFieldDef& def = object_.fields[out.field];
    const SoqlLiteral::Kind expected = ExpectedKind(def.type);
    for (const SoqlLiteral& v : c.values) {
      const bool null_ok = v.kind == SoqlLiteral::Kind::kNull &&
                           (c.op == "=" || c.op == "!=" || c.op == "IN" || c.op == "NOTIN");
      if (v.kind == expected || null_ok) continue;
      const bool quoted = expected == SoqlLiteral::Kind::kString;
      static constexpr std::string_view kNames[] = {"string", "number", "boolean",
                                                    "null",   "date",   "dateTime"};
      return InvalidField(
          v.position,
          "value of filter criterion for field '" + std::string(def.name) + "' must be of type " +
              std::string(def.type == "id" ? "id" : kNames[static_cast<int>(expected)]) +
              (quoted ? " and should be enclosed in quotes"
                      : " and should not be enclosed in quotes"));
    }
    if (c.op == "LIKE" && expected != SoqlLiteral::Kind::kString) {
      return InvalidField(c.field.position, "invalid operator on field '" + std::string(def.name) +
                                                "': LIKE needs a text field");
    }
    out.values = c.values;
    return out;
  }

 private:
  Status InvalidField(size_t position, std::string_view message) const {
    return Status::InvalidArgument(Located(query_.text, position, message));
  }

  const SoqlQuery& query_;
  const SfObjectDef& object_;
  const SfProfile& profile_;
};

// --- Evaluation. ---

// One row's field values, computed lazily: cheap fields (Id, timestamps, IsDeleted) alone, the
// whole row only when another field is asked for.
class RowValues {
 public:
  RowValues(const Dataset& d, const SfObjectDef& o, int64_t row) : d_(d), o_(o), row_(row) {}
  const SfValue& Get(int field) {
    if (!built_.empty()) return built_[field];
    if (cheap_.empty()) cheap_.resize(o_.fields.size());
    if (!cheap_[field]) {
      std::optional<SfValue> v = SfCheapField(d_, o_, row_, field);
      if (!v) {
        built_ = BuildSfRow(d_, o_, row_);
        return built_[field];
      }
      cheap_[field] = std::move(v);
    }
    return *cheap_[field];
  }

 private:
  const Dataset& d_;
  const SfObjectDef& o_;
  int64_t row_;
  std::vector<std::optional<SfValue>> cheap_;
  std::vector<SfValue> built_;
};

bool IsIdType(std::string_view type) { return type == "id" || type == "reference"; }

// <0, 0, >0; `x` is never null here.
int Compare(const SfValue& x, const SoqlLiteral& lit, std::string_view type) {
  switch (x.kind) {
    case SfValue::Kind::kBool:
      return static_cast<int>(x.boolean) - static_cast<int>(lit.boolean);
    case SfValue::Kind::kNumber:
      return x.number < lit.number ? -1 : x.number > lit.number ? 1 : 0;
    case SfValue::Kind::kDate:
    case SfValue::Kind::kDateTime:
      return x.ms < lit.ms ? -1 : x.ms > lit.ms ? 1 : 0;
    case SfValue::Kind::kString: {
      if (IsIdType(type)) return x.text.substr(0, 15).compare(lit.text.substr(0, 15));
      return AsciiLower(x.text).compare(AsciiLower(lit.text));
    }
    case SfValue::Kind::kNull:
      return 0;
  }
  return 0;
}

bool Like(std::string_view text, std::string_view pattern) {
  if (pattern.empty()) return text.empty();
  if (pattern[0] == '%') {
    for (size_t i = 0; i <= text.size(); ++i) {
      if (Like(text.substr(i), pattern.substr(1))) return true;
    }
    return false;
  }
  if (text.empty()) return false;
  if (pattern[0] != '_' && std::tolower(static_cast<unsigned char>(pattern[0])) !=
                               std::tolower(static_cast<unsigned char>(text[0]))) {
    return false;
  }
  return Like(text.substr(1), pattern.substr(1));
}

bool Evaluate(const SoqlPlan::Condition& c, const SfObjectDef& object, RowValues& row) {
  switch (c.kind) {
    case SoqlCondition::Kind::kAnd:
      return std::all_of(c.children.begin(), c.children.end(),
                         [&](const auto& x) { return Evaluate(x, object, row); });
    case SoqlCondition::Kind::kOr:
      return std::any_of(c.children.begin(), c.children.end(),
                         [&](const auto& x) { return Evaluate(x, object, row); });
    case SoqlCondition::Kind::kNot:
      return !Evaluate(c.children[0], object, row);
    case SoqlCondition::Kind::kCompare:
      break;
  }
  const SfValue& x = row.Get(c.field);
  const std::string_view type = object.fields[c.field].type;
  if (c.op == "IN" || c.op == "NOTIN") {
    bool in = false;
    for (const SoqlLiteral& lit : c.values) {
      const bool lit_null = lit.kind == SoqlLiteral::Kind::kNull;
      if (x.kind == SfValue::Kind::kNull ? lit_null : !lit_null && Compare(x, lit, type) == 0)
        in = true;
    }
    return c.op == "IN" ? in : !in;
  }
  const SoqlLiteral& lit = c.values[0];
  if (lit.kind == SoqlLiteral::Kind::kNull || x.kind == SfValue::Kind::kNull) {
    const bool both_null = lit.kind == SoqlLiteral::Kind::kNull && x.kind == SfValue::Kind::kNull;
    if (c.op == "=") return both_null;
    if (c.op == "!=") return !both_null;
    return false;
  }
  if (c.op == "LIKE") return Like(x.text, lit.text);
  const int cmp = Compare(x, lit, type);
  if (c.op == "=") return cmp == 0;
  if (c.op == "!=") return cmp != 0;
  if (c.op == "<") return cmp < 0;
  if (c.op == "<=") return cmp <= 0;
  if (c.op == ">") return cmp > 0;
  return cmp >= 0;
}

bool IsTimeField(const SfObjectDef& object, int field) {
  return field >= 0 && (object.fields[field].name == "SystemModstamp" ||
                        object.fields[field].name == "LastModifiedDate");
}

// The least modification time any matching row can have, if the condition implies one.
std::optional<int64_t> LowerBound(const SoqlPlan::Condition& c, const SfObjectDef& object) {
  switch (c.kind) {
    case SoqlCondition::Kind::kCompare:
      if (IsTimeField(object, c.field) && (c.op == ">=" || c.op == ">" || c.op == "=") &&
          c.values[0].kind == SoqlLiteral::Kind::kDateTime) {
        return c.values[0].ms;
      }
      return std::nullopt;
    case SoqlCondition::Kind::kAnd: {
      std::optional<int64_t> best;
      for (const auto& child : c.children) {
        std::optional<int64_t> b = LowerBound(child, object);
        if (b && (!best || *b > *best)) best = b;
      }
      return best;
    }
    case SoqlCondition::Kind::kOr: {
      std::optional<int64_t> least;
      for (const auto& child : c.children) {
        std::optional<int64_t> b = LowerBound(child, object);
        if (!b) return std::nullopt;
        if (!least || *b < *least) least = b;
      }
      return least;
    }
    case SoqlCondition::Kind::kNot:
      return std::nullopt;
  }
  return std::nullopt;
}

int CompareValues(const SfValue& a, const SfValue& b, std::string_view type) {
  if (a.kind == SfValue::Kind::kNull || b.kind == SfValue::Kind::kNull) {
    return (a.kind != SfValue::Kind::kNull) - (b.kind != SfValue::Kind::kNull);  // nulls first
  }
  SoqlLiteral lit;
  lit.text = b.text;
  lit.number = b.number;
  lit.ms = b.ms;
  lit.boolean = b.boolean;
  return Compare(a, lit, type);
}

}  // namespace

Result<SoqlQuery> ParseSoql(std::string_view text) {
  Result<std::vector<Token>> tokens = Tokenize(text);
  if (!tokens.ok()) return tokens.status();
  Parser parser(std::move(*tokens));
  Result<SoqlQuery> query = parser.Query();
  if (query.ok()) query->text = std::string(text);
  return query;
}

Result<SoqlPlan> BindSoql(const SoqlQuery& query, const SfProfile& profile) {
  SoqlPlan plan;
  plan.object = FindSfObject(query.object.text);
  if (plan.object == nullptr || !profile.Sees(*plan.object)) {
    return Status::NotFound(
        Located(query.text, query.object.position,
                "sObject type '" + query.object.text +
                    "' is not supported. If you are attempting to use a custom object, be sure "
                    "to append the '__c' after the entity name. Please reference your WSDL or "
                    "the describe call for the appropriate names."));
  }
  const Binder binder(query, *plan.object, profile);
  plan.count_only = query.count_only;
  for (const SoqlName& f : query.fields) {
    Result<SoqlSelect> select = binder.Select(f);
    if (!select.ok()) return select.status();
    plan.select.push_back(std::move(*select));
  }
  if (query.where) {
    Result<SoqlPlan::Condition> c = binder.Condition(*query.where);
    if (!c.ok()) return c.status();
    plan.where = std::move(*c);
  }
  for (const SoqlOrder& o : query.order_by) {
    Result<int> index = binder.Field(o.field);
    if (!index.ok()) return index.status();
    plan.order_by.emplace_back(*index, o.descending);
  }
  plan.limit = query.limit;
  plan.offset = query.offset;
  return plan;
}

std::vector<uint32_t> ExecuteSoql(const Dataset& dataset, const SoqlPlan& plan,
                                  bool include_deleted) {
  const SfObjectDef& object = *plan.object;
  const Entity entity = object.entity;
  const bool of_dataset = object.rows == SfRows::kDataset;
  const int64_t count = SfRowCount(dataset, object);
  auto matches = [&](int64_t row) {
    if (of_dataset && !include_deleted && dataset.Archived(entity, row)) return false;
    if (of_dataset && !dataset.Serves(Crm::kSalesforce, entity, row)) return false;
    if (!plan.where) return true;
    RowValues values(dataset, object, row);
    return Evaluate(*plan.where, object, values);
  };
  std::vector<uint32_t> rows;
  const int id_field = SfFieldIndex(object, "Id");
  // Orders the index can serve: by time (then Id, same direction), or by Id alone.
  const auto& order = plan.order_by;
  const bool by_time = !order.empty() && IsTimeField(object, order[0].first) &&
                       (order.size() == 1 || (order.size() == 2 && order[1].first == id_field &&
                                              order[1].second == order[0].second));
  const bool by_id = order.empty() || (order.size() == 1 && order[0].first == id_field);
  if (of_dataset && (by_time || by_id)) {
    const bool descending = !order.empty() && order[0].second;
    std::span<const uint32_t> index = dataset.ByModified(entity, TimeUnit::kSeconds);
    auto row_at = [&](int64_t i) -> int64_t { return by_time ? index[i] : i; };
    int64_t begin = 0;
    if (by_time && !descending && plan.where) {
      if (std::optional<int64_t> bound = LowerBound(*plan.where, object)) {
        const int64_t second = *bound - *bound % 1000;
        auto it =
            std::lower_bound(index.begin(), index.end(), second, [&](uint32_t row, int64_t b) {
              const int64_t ms = dataset.ModifiedMs(entity, row);
              return ms - ms % 1000 < b;
            });
        begin = it - index.begin();
      }
    }
    if (descending) {
      for (int64_t i = count - 1; i >= 0; --i) {
        if (matches(row_at(i))) rows.push_back(static_cast<uint32_t>(row_at(i)));
      }
    } else {
      for (int64_t i = begin; i < count; ++i) {
        if (matches(row_at(i))) rows.push_back(static_cast<uint32_t>(row_at(i)));
      }
    }
  } else {
    std::vector<std::pair<std::vector<SfValue>, uint32_t>> keyed;
    for (int64_t row = 0; row < count; ++row) {
      if (!matches(row)) continue;
      RowValues values(dataset, object, row);
      std::vector<SfValue> key;
      for (const auto& [field, desc] : order) key.push_back(values.Get(field));
      keyed.emplace_back(std::move(key), static_cast<uint32_t>(row));
    }
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
      for (size_t i = 0; i < order.size(); ++i) {
        const int cmp = CompareValues(a.first[i], b.first[i], object.fields[order[i].first].type);
        if (cmp != 0) return order[i].second ? cmp > 0 : cmp < 0;
      }
      return a.second < b.second;
    });
    for (const auto& k : keyed) rows.push_back(k.second);
  }
  const size_t from = std::min<size_t>(rows.size(), static_cast<size_t>(plan.offset));
  rows.erase(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(from));
  if (plan.limit >= 0 && rows.size() > static_cast<size_t>(plan.limit)) rows.resize(plan.limit);
  return rows;
}

}  // namespace tempo::fakes
