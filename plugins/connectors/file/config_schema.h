// The JSON Schema of the `file` connector's connection config, which the host validates (and
// fills defaults from) before open(). stream_config.cc reads the same keys: change the two
// together, and README.md too. "format": "path" makes the host resolve `path` against the
// folder of tempo.yaml.
//
// Checks a schema cannot express (a one-byte delimiter, unique stream names, cursor mode needing
// updated_at) are made by ParseConfig(). Only keywords the host's validator supports are used
// (docs/configuration.md); "description" is an annotation it shows and otherwise ignores.
#ifndef TEMPO_PLUGINS_CONNECTORS_FILE_CONFIG_SCHEMA_H_
#define TEMPO_PLUGINS_CONNECTORS_FILE_CONFIG_SCHEMA_H_

namespace tempo::file {

inline constexpr char kConfigSchema[] = R"json({
  "type": "object",
  "required": ["streams"],
  "additionalProperties": false,
  "properties": {
    "streams": {
      "type": "array",
      "minItems": 1,
      "description": "One stream per file or folder; each fills one canonical entity.",
      "items": {
        "type": "object",
        "required": ["name", "path", "entity", "id", "columns"],
        "additionalProperties": false,
        "properties": {
          "name": {"type": "string", "minLength": 1,
                   "description": "Stream name, unique within the connection."},
          "path": {"type": "string", "minLength": 1, "format": "path",
                   "description": "A file, or a folder whose *.csv, *.jsonl and *.ndjson files are read in name order."},
          "format": {"type": "string", "enum": ["csv", "jsonl"],
                     "description": "File format; by default each file's extension decides."},
          "delimiter": {"type": "string", "minLength": 1, "pattern": "^.$", "default": ",",
                        "description": "CSV field delimiter, one character."},
          "entity": {"type": "string", "minLength": 1, "format": "entity",
                     "description": "The canonical table the rows fill, e.g. partner."},
          "id": {"type": "string", "minLength": 1,
                 "description": "Source column holding the record id; a row without one is rejected."},
          "updated_at": {"type": "string", "minLength": 1,
                         "description": "Source column holding the row's modification time (ISO-8601)."},
          "incremental": {"type": "string", "enum": ["mtime", "cursor"], "default": "mtime",
                          "description": "mtime: reread changed files; cursor: rows with updated_at >= the last cursor."},
          "columns": {"type": "object", "additionalProperties": {"type": "string"},
                      "x-columns-of": "entity",
                      "description": "Canonical column name: source column name."}
        }
      }
    }
  }
})json";

}  // namespace tempo::file

#endif  // TEMPO_PLUGINS_CONNECTORS_FILE_CONFIG_SCHEMA_H_
