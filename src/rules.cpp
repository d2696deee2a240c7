#include "tonfall/rules.h"

#include <unistd.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "tonfall/source.h"
#include "tonfall/vocabulary.h"

namespace fs = std::filesystem;

namespace tonfall {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::info:
      return "info";
    case Severity::warning:
      return "warning";
    case Severity::error:
      return "error";
  }
  return "?";
}

std::optional<Severity> parse_severity(std::string_view name) {
  if (name == "info") return Severity::info;
  if (name == "warning") return Severity::warning;
  if (name == "error") return Severity::error;
  return std::nullopt;
}

namespace {

PackLocation location_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {};
  return {static_cast<std::size_t>(mark.line) + 1, static_cast<std::size_t>(mark.column) + 1};
}

// Thrown inside the loader only, turned into an Error at its edge.
struct LoadError {
  PackLocation location;
  std::string message;
};

[[noreturn]] void fail(const YAML::Node& node, std::string message) {
  throw LoadError{location_of(node), std::move(message)};
}

std::string rule_prefix(const std::string& id) {
  return id.empty() ? "" : "rule '" + id + "': ";
}

std::string scalar(const YAML::Node& node, const std::string& what, const std::string& id) {
  if (!node.IsScalar()) fail(node, rule_prefix(id) + "'" + what + "' must be a string");
  return node.Scalar();
}

// A string or a list of strings.
std::vector<std::string> strings(const YAML::Node& node, const std::string& what,
                                 const std::string& id,
                                 std::vector<PackLocation>* locations = nullptr) {
  std::vector<std::string> out;
  auto take = [&](const YAML::Node& item) {
    out.push_back(scalar(item, what, id));
    if (locations) locations->push_back(location_of(item));
  };
  if (node.IsScalar()) {
    take(node);
  } else if (node.IsSequence()) {
    for (const YAML::Node& item : node) take(item);
  } else if (!node.IsNull()) {
    fail(node, rule_prefix(id) + "'" + what + "' must be a string or a list of strings");
  }
  return out;
}

void check_keys(const YAML::Node& map, const std::set<std::string>& known, const std::string& what,
                const std::string& id);

void load_suggestions(const YAML::Node& node, const std::string& id, std::vector<std::string>& sie,
                      std::vector<std::string>& du);

// A pattern as written: a string, or a mapping with `pattern: …` or
// `clause: [part, ...]`, and in a rule's patterns optionally `suggest`.
Pattern pattern(const YAML::Node& node, const std::string& what, const std::string& id) {
  Pattern out;
  out.location = location_of(node);
  if (node.IsMap()) {
    check_keys(node, {"clause", "pattern", "suggest", "fix"}, "a pattern", id);
    if (!node["clause"] == !node["pattern"])
      fail(node, rule_prefix(id) + "a pattern mapping needs 'pattern' or 'clause'");
    if (node["suggest"]) {
      if (what != "patterns" && what != "pattern")
        fail(node["suggest"], rule_prefix(id) + "only the rule's own patterns take 'suggest', not '" + what + "'");
      load_suggestions(node["suggest"], id, out.suggestions.emplace(), out.suggestions_du);
    }
    if (node["fix"]) {
      const std::string value = scalar(node["fix"], "fix", id);
      if (value != "auto" && value != "manual")
        fail(node["fix"], rule_prefix(id) + "fix must be auto or manual, not '" + value + "'");
      out.auto_fix = value == "auto";
      if (out.auto_fix && (!out.suggestions || out.suggestions->empty()))
        fail(node["fix"], rule_prefix(id) + "a pattern's 'fix: auto' needs its own 'suggest' to apply");
    }
    if (node["pattern"]) {
      out.text = scalar(node["pattern"], what, id);
      if (out.text.empty()) fail(node, rule_prefix(id) + "empty pattern in '" + what + "'");
      return out;
    }
    out.clause_parts = strings(node["clause"], "clause", id);
    if (out.clause_parts.size() < 2 || out.clause_parts.size() > 4)
      fail(node, rule_prefix(id) + "a clause pattern needs 2 to 4 parts");
    for (const std::string& part : out.clause_parts)
      if (part.empty()) fail(node, rule_prefix(id) + "empty part in a clause pattern");
    return out;
  }
  out.text = scalar(node, what, id);
  if (out.text.empty()) fail(node, rule_prefix(id) + "empty pattern in '" + what + "'");
  return out;
}

std::vector<Pattern> patterns(const YAML::Node& node, const std::string& what,
                              const std::string& id) {
  std::vector<Pattern> out;
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) out.push_back(pattern(item, what, id));
  } else if (node.IsScalar() || node.IsMap()) {
    out.push_back(pattern(node, what, id));
  } else if (!node.IsNull()) {
    fail(node, rule_prefix(id) + "'" + what + "' must be a pattern or a list of patterns");
  }
  return out;
}

// Checks that `map` is a mapping with only `known` keys, each at most once.
void check_keys(const YAML::Node& map, const std::set<std::string>& known, const std::string& what,
                const std::string& id) {
  if (!map.IsMap()) fail(map, rule_prefix(id) + what + " must be a mapping");
  std::set<std::string> seen;
  for (const auto& entry : map) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    if (!known.count(key)) {
      std::string list;
      for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
      fail(entry.first,
           rule_prefix(id) + "unknown key '" + key + "' in " + what + " (known: " + list + ")");
    }
    if (!seen.insert(key).second)
      fail(entry.first, rule_prefix(id) + "duplicate key '" + key + "'");
  }
}

// A suggestion's ${name:filter} names a filter the engine knows (engine.cpp: filtered).
void check_filters(const YAML::Node& node, const std::string& suggestion, const std::string& id) {
  static const std::set<std::string, std::less<>> filters = {"lower", "upper",     "imperativ", "du",
                                                             "Sie",   "gewechselt", "hauptsatz", "bitte",
                                                             "bitte-vorfeld", "aktiv", "voraussichtlich",
                                                             "subjekt-vorn", "verb-vorn"};
  for (std::size_t at = suggestion.find("${"); at != std::string::npos; at = suggestion.find("${", at + 2)) {
    const std::size_t close = suggestion.find('}', at);
    std::size_t colon = suggestion.find(':', at);
    if (close == std::string::npos || colon == std::string::npos || colon > close) continue;
    // A chain of filters: the address filters only first, on the group itself.
    for (bool first = true; colon < close; first = false) {
      const std::size_t next = std::min(suggestion.find(':', colon + 1), close);
      const std::string filter = suggestion.substr(colon + 1, next - colon - 1);
      if (!filters.count(filter)) {
        std::string known;
        for (const std::string& one : filters) known += (known.empty() ? "" : ", ") + one;
        fail(node, rule_prefix(id) + "unknown filter '" + filter + "' in a suggestion (known: " + known + ")");
      }
      if (!first && (filter == "du" || filter == "Sie" || filter == "gewechselt"))
        fail(node, rule_prefix(id) + "the filter '" + filter + "' must come first in a chain of filters");
      colon = next;
    }
  }
}

// `suggest`: a string or a list whose items are strings (the same in both
// address forms) or mappings {sie: …, du: …}.
void load_suggestions(const YAML::Node& node, const std::string& id, std::vector<std::string>& sie,
                      std::vector<std::string>& du) {
  auto take = [&](const YAML::Node& item) {
    if (item.IsScalar()) check_filters(item, item.as<std::string>(), id);
    if (item.IsMap()) {
      for (const char* form : {"sie", "du"})
        if (item[form] && item[form].IsScalar()) check_filters(item[form], item[form].as<std::string>(), id);
    }
    if (item.IsMap()) {
      check_keys(item, {"sie", "du"}, "a suggestion", id);
      if (!item["sie"] || !item["du"])
        fail(item, rule_prefix(id) + "a suggestion with address forms needs 'sie' and 'du'");
      sie.push_back(scalar(item["sie"], "suggest.sie", id));
      du.resize(sie.size());
      du.back() = scalar(item["du"], "suggest.du", id);
    } else {
      sie.push_back(scalar(item, "suggest", id));
    }
  };
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) take(item);
  } else if (!node.IsNull()) {
    take(node);
  }
  if (!du.empty()) du.resize(sie.size());
}

Rule load_rule(const YAML::Node& node, const std::string& path) {
  static const std::set<std::string> known = {"id",        "severity", "category", "message",
                                              "rationale", "pattern",  "patterns", "unless", "unless_paragraph",
                                              "case",      "suggest",  "advice",   "examples", "source",
                                              "scope",     "against",  "fix",      "gather", "replace_sentence",
                                              "drop_clause", "drop_sentence", "model"};
  Rule rule;
  rule.file = path;
  rule.location = location_of(node);
  if (node.IsMap() && node["id"]) rule.id = scalar(node["id"], "id", "");
  check_keys(node, known, "a rule", rule.id);
  if (rule.id.empty()) fail(node, "rule without 'id'");
  const std::string& id = rule.id;

  for (const char* required : {"severity", "category", "message"}) {
    if (!node[required]) fail(node, rule_prefix(id) + "missing '" + required + "'");
  }
  const std::string severity = scalar(node["severity"], "severity", id);
  const auto parsed = parse_severity(severity);
  if (!parsed)
    fail(node["severity"],
         rule_prefix(id) + "severity must be error, warning or info, not '" + severity + "'");
  rule.severity = *parsed;
  rule.category = scalar(node["category"], "category", id);
  rule.message = scalar(node["message"], "message", id);
  if (node["rationale"]) rule.rationale = scalar(node["rationale"], "rationale", id);
  if (node["source"]) rule.source = scalar(node["source"], "source", id);
  if (node["advice"]) rule.advice = scalar(node["advice"], "advice", id);

  if (node["pattern"] && node["patterns"])
    fail(node["patterns"], rule_prefix(id) + "give either 'pattern' or 'patterns', not both");
  if (node["pattern"]) rule.patterns = patterns(node["pattern"], "pattern", id);
  if (node["patterns"]) rule.patterns = patterns(node["patterns"], "patterns", id);
  if (node["model"]) {
    if (!rule.patterns.empty()) fail(node["model"], rule_prefix(id) + "give either patterns or 'model', not both");
    // A model reports whole sentences and suggests nothing: these keys would
    // be ignored, so they are errors.
    for (const char* key : {"unless", "unless_paragraph", "suggest", "fix", "replace_sentence", "drop_clause",
                            "drop_sentence", "scope", "against", "gather", "case"})
      if (node[key]) fail(node[key], rule_prefix(id) + "'" + key + "' does not apply to a rule with 'model'");
    rule.model_path = (std::filesystem::path(path).parent_path() / scalar(node["model"], "model", id)).string();
    Expected<ToneModel> model = ToneModel::load(rule.model_path);
    if (!model) fail(node["model"], rule_prefix(id) + model.error().to_string());
    rule.model = std::make_shared<const ToneModel>(std::move(*model));
  }
  if (rule.patterns.empty() && !rule.model) fail(node, rule_prefix(id) + "missing 'pattern' (or 'model')");
  if (node["unless"]) rule.unless = patterns(node["unless"], "unless", id);
  if (node["unless_paragraph"])
    rule.unless_paragraph = patterns(node["unless_paragraph"], "unless_paragraph", id);

  if (node["case"]) {
    const std::string value = scalar(node["case"], "case", id);
    if (value != "sensitive" && value != "insensitive")
      fail(node["case"],
           rule_prefix(id) + "case must be sensitive or insensitive, not '" + value + "'");
    rule.case_sensitive = value == "sensitive";
  }
  if (node["scope"]) {
    const std::string value = scalar(node["scope"], "scope", id);
    if (value != "text" && value != "document")
      fail(node["scope"], rule_prefix(id) + "scope must be text or document, not '" + value + "'");
    rule.scope = value == "document" ? Scope::document : Scope::text;
  }
  if (node["gather"]) {
    const std::string value = scalar(node["gather"], "gather", id);
    if (value != "paragraph")
      fail(node["gather"], rule_prefix(id) + "gather must be paragraph, not '" + value + "'");
    rule.gather_paragraph = true;
  }
  if (node["against"]) rule.against = patterns(node["against"], "against", id);
  if (rule.scope == Scope::document && rule.against.empty())
    fail(node, rule_prefix(id) + "a document rule needs 'against'");
  if (rule.scope == Scope::text && !rule.against.empty())
    fail(node["against"], rule_prefix(id) + "'against' needs 'scope: document'");
  if (node["fix"]) {
    const std::string value = scalar(node["fix"], "fix", id);
    if (value != "auto" && value != "manual")
      fail(node["fix"], rule_prefix(id) + "fix must be auto or manual, not '" + value + "'");
    rule.auto_fix = value == "auto";
  }
  if (node["suggest"]) load_suggestions(node["suggest"], rule.id, rule.suggestions, rule.suggestions_du);
  if (node["replace_sentence"])
    load_suggestions(node["replace_sentence"], rule.id, rule.sentence_suggestions, rule.sentence_suggestions_du);
  const bool patterns_suggest = std::any_of(rule.patterns.begin(), rule.patterns.end(), [](const Pattern& p) {
    return p.suggestions && !p.suggestions->empty();
  });
  auto flag = [&](const char* key, bool& value) {
    if (!node[key]) return;
    const std::string text = scalar(node[key], key, id);
    if (text != "true" && text != "false")
      fail(node[key], rule_prefix(id) + key + " must be true or false, not '" + text + "'");
    value = text == "true";
  };
  flag("drop_clause", rule.drop_clause);
  flag("drop_sentence", rule.drop_sentence);
  if (rule.drop_sentence && !rule.sentence_suggestions.empty())
    fail(node["drop_sentence"], rule_prefix(id) + "drop_sentence drops the sentence; it takes no replace_sentence");
  if (rule.auto_fix && rule.suggestions.empty() && rule.sentence_suggestions.empty() && !rule.drop_clause &&
      !rule.drop_sentence && !patterns_suggest)
    fail(node["fix"], rule_prefix(id) + "'fix: auto' needs a suggestion to apply");
  if (const YAML::Node examples = node["examples"]) {
    check_keys(examples, {"bad", "good", "fixes"}, "examples", id);
    if (examples["bad"]) rule.bad_examples = strings(examples["bad"], "examples.bad", id);
    if (examples["good"]) rule.good_examples = strings(examples["good"], "examples.good", id);
    if (const YAML::Node fixes = examples["fixes"]) {
      if (!fixes.IsSequence()) fail(fixes, rule_prefix(id) + "'examples.fixes' must be a list");
      for (const YAML::Node& pair : fixes) {
        check_keys(pair, {"from", "to"}, "a fix example", id);
        if (!pair["from"] || !pair["to"])
          fail(pair, rule_prefix(id) + "a fix example needs 'from' and 'to'");
        rule.fix_examples.push_back({scalar(pair["from"], "from", id), scalar(pair["to"], "to", id)});
      }
    }
  }
  return rule;
}

// `words:` maps each class name to an entry or a list of entries.
void load_words(const YAML::Node& node, Pack& pack) {
  if (!node.IsMap()) fail(node, "'words' must map class names to lists of words");
  for (const auto& entry : node) {
    const std::string name = scalar(entry.first, "word class name", "");
    if (!is_word_class_name(name))
      fail(entry.first, "word class name '" + name +
                            "' must start with a lower-case letter and use only lower-case "
                            "letters, digits, '-' and '_'");
    std::vector<std::string> words = strings(entry.second, "words." + name, "");
    if (words.empty()) fail(entry.second, "word class '" + name + "' is empty");
    for (const std::string& word : words)
      if (word.empty()) fail(entry.second, "word class '" + name + "' has an empty entry");
    if (!pack.words.emplace(name, std::move(words)).second)
      fail(entry.first, "word class '" + name + "' is defined twice");
    pack.word_locations[name] = location_of(entry.first);
  }
}

Pack load_pack_document(const YAML::Node& root, const std::string& path) {
  check_keys(root, {"pack", "language", "description", "words", "rules"}, "the pack", "");
  Pack pack;
  pack.path = path;
  if (root["pack"]) pack.name = scalar(root["pack"], "pack", "");
  if (root["language"]) pack.language = scalar(root["language"], "language", "");
  if (root["words"]) load_words(root["words"], pack);
  const YAML::Node rules = root["rules"];
  if (!rules && root["words"]) return pack;  // a vocabulary file
  if (!rules || !rules.IsSequence()) fail(root, "'rules' must be a list of rules");
  std::set<std::string> ids;
  for (const YAML::Node& node : rules) {
    Rule rule = load_rule(node, path);
    if (!ids.insert(rule.id).second) fail(node["id"], "duplicate rule id '" + rule.id + "'");
    pack.rules.push_back(std::move(rule));
  }
  return pack;
}

// Each pattern of `patterns` that is an alternation as one pattern per
// alternative (vocabulary.h: top_level_alternatives), in the same place.
std::vector<Pattern> split_alternatives(const std::vector<Pattern>& patterns) {
  std::vector<Pattern> out;
  for (const Pattern& pattern : patterns) {
    if (!pattern.clause_parts.empty()) {
      out.push_back(pattern);
      continue;
    }
    for (std::string_view alternative : top_level_alternatives(pattern.text)) {
      Pattern one = pattern;
      one.text = std::string(alternative);
      out.push_back(std::move(one));
    }
  }
  return out;
}

// Expands the word classes, blanks and clause patterns of every pattern of
// `packs` with `vocabulary` (vocabulary.h).
std::optional<Error> expand_patterns(std::vector<Pack>& packs, const Vocabulary& vocabulary) {
  for (Pack& pack : packs) {
    for (Rule& rule : pack.rules) {
      for (auto* list : {&rule.patterns, &rule.unless, &rule.unless_paragraph, &rule.against}) {
        for (Pattern& pattern : *list) {
          auto failed = [&](const Error& error) {
            return Error{rule.file, pattern.location.line, pattern.location.column,
                         rule_prefix(rule.id) + error.message};
          };
          if (pattern.clause_parts.empty()) {
            Expected<std::string> expanded = expand_pattern(pattern.text, vocabulary);
            if (!expanded) return failed(expanded.error());
            pattern.text = std::move(expanded.value());
            continue;
          }
          std::vector<std::string> parts;
          for (const std::string& part : pattern.clause_parts) {
            Expected<std::string> expanded = expand_pattern(part, vocabulary);
            if (!expanded) return failed(expanded.error());
            parts.push_back(std::move(expanded.value()));
          }
          Expected<std::string> joined = clause_pattern(parts);
          if (!joined) return failed(joined.error());
          pattern.text = std::move(joined.value());
          pattern.clause_parts = std::move(parts);
        }
      }
      for (auto* exceptions : {&rule.unless, &rule.unless_paragraph}) *exceptions = split_alternatives(*exceptions);
    }
  }
  return std::nullopt;
}

Expected<Pack> parse_pack_file(const std::string& path) {
  if (std::optional<Error> error = not_regular(path)) return *error;
  try {
    const YAML::Node root = YAML::LoadFile(path);
    return load_pack_document(root, path);
  } catch (const LoadError& e) {
    return Error{path, e.location.line, e.location.column, e.message};
  } catch (const YAML::BadFile&) {
    return Error{path, 0, 0, "cannot read rule pack"};
  } catch (const YAML::ParserException& e) {
    return yaml_error(path, e);
  } catch (const YAML::Exception& e) {
    return Error{path, 0, 0, std::string("invalid rule pack: ") + e.what()};
  }
}

}  // namespace

Expected<Pack> load_pack_file(const std::string& path) {
  Expected<Pack> pack = parse_pack_file(path);
  if (!pack) return pack;
  std::vector<Pack> one{std::move(pack.value())};
  if (auto error = expand_patterns(one, one.front().words)) return *error;
  return std::move(one.front());
}

bool is_vocabulary_file(const std::string& path) {
  const std::string name = fs::path(path).filename().string();
  return name.size() > kVocabularySuffix.size() &&
         name.compare(name.size() - kVocabularySuffix.size(), kVocabularySuffix.size(),
                      kVocabularySuffix) == 0;
}

Expected<std::vector<std::string>> pack_files(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::directory_iterator(path, ec)) {
        const std::string ext = entry.path().extension().string();
        if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml"))
          found.push_back(entry.path().string());
      }
      if (ec) return Error{path, 0, 0, "cannot read rule pack directory: " + ec.message()};
      if (found.empty()) return Error{path, 0, 0, "no rule packs (*.yaml) in this directory"};
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      // A pack file named alone still sees the word classes beside it.
      const fs::path folder = fs::path(path).parent_path();
      for (const auto& entry : fs::directory_iterator(folder.empty() ? "." : folder, ec)) {
        const std::string sibling = entry.path().string();
        if (entry.is_regular_file() && is_vocabulary_file(sibling) &&
            !fs::equivalent(sibling, path, ec) &&
            std::find(files.begin(), files.end(), sibling) == files.end())
          files.push_back(sibling);
      }
      files.push_back(path);
    } else {
      return Error{path, 0, 0, "no such rule pack"};
    }
  }
  return files;
}

Expected<std::vector<Pack>> load_packs(const std::vector<std::string>& paths) {
  Expected<std::vector<std::string>> files = pack_files(paths);
  if (!files) return files.error();
  std::vector<Pack> packs;
  std::map<std::string, const Rule*> first_definition;
  for (const std::string& file : files.value()) {
    Expected<Pack> pack = parse_pack_file(file);
    if (!pack) return pack.error();
    packs.push_back(std::move(pack.value()));
  }
  // Word classes are shared by all packs loaded together.
  Vocabulary vocabulary;
  std::map<std::string, const Pack*> defined_in;
  for (const Pack& pack : packs) {
    for (const auto& [name, words] : pack.words) {
      if (!vocabulary.emplace(name, words).second) {
        const PackLocation where = pack.word_locations.at(name);
        return Error{pack.path, where.line, where.column,
                     "word class '" + name + "' is already defined in " + defined_in[name]->path};
      }
      defined_in[name] = &pack;
    }
  }
  if (auto error = expand_patterns(packs, vocabulary)) return *error;
  for (const Pack& pack : packs) {
    for (const Rule& rule : pack.rules) {
      auto [it, inserted] = first_definition.emplace(rule.id, &rule);
      if (!inserted) {
        const Rule& first = *it->second;
        return Error{rule.file, rule.location.line, rule.location.column,
                     "duplicate rule id '" + rule.id + "', first defined at " + first.file + ":" +
                         std::to_string(first.location.line)};
      }
    }
  }
  return packs;
}

std::string default_pack_directory() {
  if (const char* env = std::getenv("TONFALL_RULES_DIR"); env && *env) return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  // Installed: PREFIX/bin/tonfall and PREFIX/share/tonfall/rules/de.
  // In the build tree: build/tonfall and rules/de beside build/.
  const fs::path candidates[] = {exe.parent_path() / ".." / "share" / "tonfall" / "rules" / "de",
                                 exe.parent_path() / ".." / "rules" / "de"};
  for (const fs::path& candidate : candidates) {
    if (fs::is_directory(candidate, ec)) return candidate.lexically_normal().string();
  }
  return {};
}

bool fixes_automatically(const Rule& rule) {
  return rule.auto_fix ||
         std::any_of(rule.patterns.begin(), rule.patterns.end(), [](const Pattern& p) { return p.auto_fix; });
}

}  // namespace tonfall
