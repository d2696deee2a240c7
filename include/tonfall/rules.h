// Rules: the data model of a rule pack and its YAML loader.
//
// A pack is a YAML document with `pack`, `language` and `rules`; each rule has
// id, severity, category, message, pattern or patterns, and optionally unless,
// case, scope and against, suggest, fix, examples (bad, good, fixes),
// rationale and source (see rules/README.md). The loader is
// strict: unknown keys, duplicate keys, duplicate ids, missing fields and
// values of the wrong kind are errors naming file:line:column and the rule id.
// Patterns are compiled later, by the engine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tonfall/error.h"
#include "tonfall/literals.h"
#include "tonfall/tone_model.h"
#include "tonfall/vocabulary.h"

namespace tonfall {

class Prefilter;  // prefilter.h

enum class Severity { info = 0, warning = 1, error = 2 };

// How a text addresses the customer: the polite „Sie“ or the familiar „du“.
enum class Address { sie, du };

std::string_view to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view name);

// A place in a pack file, for error messages: 1-based line and column.
struct PackLocation {
  std::size_t line = 0;
  std::size_t column = 0;
};

struct Pattern {
  std::string text;  // RE2 syntax, once the pack is loaded (vocabulary.h)
  PackLocation location;
  // The literals the pattern needs (literals.h), when a pack cache already
  // knows them (for exceptions; the cache's prefilter holds those of a rule's
  // own patterns); otherwise the engine works them out. Shared: many rules
  // carry the same exception.
  std::shared_ptr<const LiteralCondition> condition = nullptr;
  // The parts of a clause pattern (vocabulary.h), expanded once the pack is
  // loaded. The engine matches them one by one; `text` then holds the same
  // clause as one RE2 alternation, for readers and for the pattern export.
  std::vector<std::string> clause_parts = {};
  // Replacements for this pattern's matches in place of the rule's
  // (`{pattern: …, suggest: […]}`): one rule can swap several words, each
  // for its own. Unset: the rule's. `suggestions_du` as in Rule.
  std::optional<std::vector<std::string>> suggestions = std::nullopt;
  std::vector<std::string> suggestions_du = {};
  // `fix: auto` beside the pattern's own `suggest`: its first suggestion is
  // safe wherever this pattern matches, though not the rule's other advice.
  bool auto_fix = false;
};

// Where a rule looks. A text rule reports each match; a document rule reports
// the matches of `patterns` only when `against` also matches in the same text,
// and then the side with fewer matches (on a tie, the side that starts later).
enum class Scope { text, document };

// An input and the exact text `tonfall fix` must make of it.
struct FixExample {
  std::string from;
  std::string to;
};

struct Rule {
  std::string id;
  Severity severity = Severity::warning;
  std::string category;
  std::string message;    // what is wrong and why, in the pack's language
  std::string rationale;  // optional longer explanation
  // What the writer should do, in words, when no replacement fits every
  // sentence the rule matches (shown as a hint, never pasted into the text).
  std::string advice;
  std::string source;     // where the guidance comes from
  std::vector<Pattern> patterns;
  // A learnt signal in place of patterns (`model: FILE`, a path beside the
  // pack file): the rule reports each sentence that no other rule found
  // anything in and that the model scores above its threshold.
  std::string model_path;
  std::shared_ptr<const ToneModel> model;
  std::vector<Pattern> unless;  // exceptions, searched in the match's sentence
  // Exceptions that drop a match when they match anywhere in its paragraph:
  // a refusal followed by an offer is no bare refusal.
  std::vector<Pattern> unless_paragraph;
  bool case_sensitive = false;
  // All matches of the rule in one paragraph reported as one finding, from
  // the first match to the end of the last (`gather: paragraph`): one place
  // to fix, however often a paragraph slips into the other address form.
  bool gather_paragraph = false;
  Scope scope = Scope::text;
  std::vector<Pattern> against;  // document rules only
  bool auto_fix = false;         // the first suggestion may be applied without a human
  std::vector<std::string> suggestions;  // may refer to groups as $1 or ${name}
  // The „du“ form of each suggestion that addresses the customer (same index;
  // empty where the suggestion reads the same in both forms, or no entry at
  // all). `suggestions` holds the „Sie“ form.
  std::vector<std::string> suggestions_du;
  // Replacements of the whole sentence, offered (first) when a match is all
  // its sentence says: nothing else there but words without a fact of their
  // own (`replace_sentence`; '' drops the sentence). A stock phrase that
  // fills its sentence goes or becomes a plain one, whatever the pattern
  // that found it. Du forms as in `suggestions_du`.
  std::vector<std::string> sentence_suggestions;
  std::vector<std::string> sentence_suggestions_du;
  // A match that is all the clause closing its sentence says („…, die
  // Warteliste ist lang.“) goes with that clause (`drop_clause: true`); the
  // sentence before it stands.
  bool drop_clause = false;
  // A mocking sentence that tells the customer nothing they need („Klar,
  // wir liefern auch gern auf den Mond.“) goes whole (`drop_sentence: true`)
  // where the reply says something beside it.
  bool drop_sentence = false;
  std::vector<std::string> bad_examples;
  std::vector<std::string> good_examples;
  std::vector<FixExample> fix_examples;
  // True when every pattern is known to compile within the engine's budget
  // (a pack from the cache): the engine then compiles patterns only on use.
  bool patterns_checked = false;
  // The prefilter built for the rules this one was loaded with (a pack cache
  // keeps one), and this rule's index in it. An engine whose rules all share
  // one uses it instead of building its own.
  std::shared_ptr<const Prefilter> prefilter;
  std::uint32_t prefilter_rule = 0;
  std::string file;  // the pack file that defines the rule
  PackLocation location;
};

// True when `fix` applies some of the rule's replacements: the first of each
// finding (`fix: auto`), or those of the patterns that say so.
bool fixes_automatically(const Rule& rule);

struct Pack {
  std::string name;
  std::string language;
  std::string path;
  Vocabulary words;  // the word classes this file defines
  std::map<std::string, PackLocation> word_locations;
  std::vector<Rule> rules;
};

// Files whose names end so hold word classes only; a pack file named alone
// loads those beside it too.
inline constexpr std::string_view kVocabularySuffix = ".words.yaml";
bool is_vocabulary_file(const std::string& path);

// Loads one pack file, with the word classes it defines itself.
Expected<Pack> load_pack_file(const std::string& path);

// The pack files `paths` stand for: a file as it is (after the vocabulary
// files of its folder), a directory as its *.yaml and *.yml files, sorted by
// name.
Expected<std::vector<std::string>> pack_files(const std::vector<std::string>& paths);

// Loads a pack file, or every *.yaml and *.yml file of a directory (sorted by
// name), checking that rule ids and word class names are unique across
// everything loaded. Word classes of any file loaded are usable in all.
Expected<std::vector<Pack>> load_packs(const std::vector<std::string>& paths);

// The directory of the bundled packs: $TONFALL_RULES_DIR if set, else
// share/tonfall/rules/de beside the installed binary, else rules/de of the
// source tree the binary was built in (build/tonfall). Empty if none exists.
std::string default_pack_directory();

}  // namespace tonfall
