// describeGlobal and sObject describe bodies.
#include "fakes/salesforce/describe.h"

#include <cctype>

#include "common/json_writer.h"

namespace tempo::fakes {
namespace {

// What describe says of a field type: the SOAP type, text length, numeric shape.
struct TypeTraits {
  std::string_view soap_type;
  int length = 0;                // characters, for text types
  int digits = 0;                // int
  int precision = 0, scale = 0;  // currency, double, percent
  bool groupable = true;
};

TypeTraits TraitsOf(std::string_view type) {
  if (type == "id" || type == "reference") return {"tns:ID", 18};
  if (type == "email") return {"xsd:string", 80};
  if (type == "phone") return {"xsd:string", 40};
  if (type == "string" || type == "picklist" || type == "url") return {"xsd:string", 255};
  if (type == "boolean") return {"xsd:boolean"};
  if (type == "int") return {"xsd:int", 0, 9};
  if (type == "currency") return {"xsd:double", 0, 0, 18, 2, false};
  if (type == "percent") return {"xsd:double", 0, 0, 3, 0, false};
  if (type == "double") return {"xsd:double", 0, 0, 18, 0, false};
  if (type == "date") return {"xsd:date"};
  return {"xsd:dateTime", 0, 0, 0, 0, false};  // datetime
}

bool IsUpper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool IsLower(char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }

std::string LabelPlural(const std::string& label) {
  if (label.ends_with("y")) return label.substr(0, label.size() - 1) + "ies";
  return label + "s";
}

// "Account ID" for Id, "Owner ID" for OwnerId, the words of the name otherwise.
std::string FieldLabel(const SfObjectDef& object, const SfFieldDef& field) {
  if (field.name == "Id") return SfLabel(object.name) + " ID";
  if (field.type == "reference" && field.name.ends_with("Id")) {
    return SfLabel(field.name.substr(0, field.name.size() - 2)) + " ID";
  }
  return SfLabel(field.name);
}

void WriteObjectSummary(JsonWriter& w, const SfObjectDef& object, std::string_view version) {
  const std::string label = SfLabel(object.name);
  const std::string url =
      "/services/data/v" + std::string(version) + "/sobjects/" + std::string(object.name);
  bool searchable = false;
  for (const SfFieldDef& f : object.fields) searchable = searchable || f.name == "Name";
  w.Key("name")
      .String(object.name)
      .Key("label")
      .String(label)
      .Key("labelPlural")
      .String(LabelPlural(label))
      .Key("keyPrefix")
      .String(object.key_prefix)
      .Key("custom")
      .Bool(object.name.ends_with("__c"))
      .Key("queryable")
      .Bool(true)
      .Key("retrieveable")
      .Bool(true)
      .Key("replicateable")
      .Bool(true)
      .Key("searchable")
      .Bool(searchable)
      .Key("urls")
      .BeginObject()
      .Key("sobject")
      .String(url)
      .Key("describe")
      .String(url + "/describe")
      .Key("rowTemplate")
      .String(url + "/{ID}")
      .EndObject();
}

void WriteField(JsonWriter& w, const SfObjectDef& object, const SfFieldDef& field) {
  const TypeTraits t = TraitsOf(field.type);
  const bool reference = field.type == "reference";
  w.BeginObject()
      .Key("name")
      .String(field.name)
      .Key("label")
      .String(FieldLabel(object, field))
      .Key("type")
      .String(field.type)
      .Key("soapType")
      .String(t.soap_type)
      .Key("length")
      .Int(t.length)
      .Key("byteLength")
      .Int(t.soap_type == "xsd:string" ? 3 * t.length : t.length)
      .Key("digits")
      .Int(t.digits)
      .Key("precision")
      .Int(t.precision)
      .Key("scale")
      .Int(t.scale)
      .Key("nillable")
      .Bool(SfNillable(field))
      .Key("permissionable")
      .Bool(SfPermissionable(field))
      .Key("custom")
      .Bool(field.name.ends_with("__c"))
      .Key("nameField")
      .Bool(field.name == "Name")
      .Key("idLookup")
      .Bool(field.type == "id")
      .Key("filterable")
      .Bool(true)
      .Key("sortable")
      .Bool(true)
      .Key("groupable")
      .Bool(t.groupable)
      .Key("referenceTo")
      .BeginArray();
  if (reference) w.String(field.reference_to);
  w.EndArray().Key("relationshipName");
  if (reference) {
    w.String(SfRelationshipName(field));
  } else {
    w.Null();
  }
  w.EndObject();
}

}  // namespace

std::string SfLabel(std::string_view api_name) {
  if (api_name.ends_with("__c")) api_name.remove_suffix(3);
  std::string label;
  for (size_t i = 0; i < api_name.size(); ++i) {
    const char c = api_name[i];
    if (c == '_') {
      label += ' ';
      continue;
    }
    // A word starts at an upper-case letter after a lower-case one ("numberOf"), or at the
    // last capital of an acronym followed by lower case ("URLPath" -> "URL Path").
    const bool starts_word =
        i > 0 && IsUpper(c) &&
        (IsLower(api_name[i - 1]) ||
         (IsUpper(api_name[i - 1]) && i + 1 < api_name.size() && IsLower(api_name[i + 1])));
    if (starts_word && !label.ends_with(" ")) label += ' ';
    label += c;
  }
  return label;
}

std::string DescribeGlobalJson(const SfProfile& profile, std::string_view version) {
  JsonWriter w;
  w.BeginObject()
      .Key("encoding")
      .String("UTF-8")
      .Key("maxBatchSize")
      .Int(200)
      .Key("sobjects")
      .BeginArray();
  for (const SfObjectDef* object : AllSfObjects()) {
    if (!profile.Sees(*object)) continue;
    w.BeginObject();
    WriteObjectSummary(w, *object, version);
    w.EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

std::string DescribeSObjectJson(const SfObjectDef& object, const SfProfile& profile,
                                std::string_view version) {
  JsonWriter w;
  w.BeginObject();
  WriteObjectSummary(w, object, version);
  w.Key("fields").BeginArray();
  for (const SfFieldDef& field : object.fields) {
    if (profile.Sees(object, field)) WriteField(w, object, field);
  }
  w.EndArray().EndObject();
  return w.Take();
}

}  // namespace tempo::fakes
