// Config: the project configuration `.tonfall.yaml`, found by walking up from
// each checked file like .editorconfig.
//
// The NEAREST file wins as a whole: files further up are not merged into it,
// so a folder's configuration reads the same wherever it is checked from. The
// walk stops at the filesystem root; standard input starts it in the current
// directory. Keys (all optional):
//
//   packs:          [path, ...]   rule packs, relative to the config file
//   enable:         [id|category] run only these
//   disable:        [id|category] do not run these
//   severity:       {rule-id: info|warning|error}
//   address:        Sie | du      the brand's form of address; the other form
//                                 is flagged by the built-in rule
//                                 anrede.falsche-form
//   placeholders:   [regex, ...]  extra placeholder patterns (RE2), masked
//                                 like the built-in ones
//   ignore:         [glob, ...]   paths not checked (fnmatch, relative to the
//                                 config file's folder, or the file name)
//   ignore_entries: [entry, ...]  library entries (Finding::entry) not reported
//
// Loading is strict like the rule packs: unknown or duplicate keys, values of
// the wrong kind and placeholder patterns that do not compile are Errors with
// file:line:column. A flag on the command line replaces the config's value of
// the same key (--pack: packs, --enable: enable, --disable: disable).
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tonfall/error.h"
#include "tonfall/rules.h"

namespace re2 {
class RE2;
}

namespace tonfall {

// The name of the configuration file.
inline constexpr std::string_view kConfigFileName = ".tonfall.yaml";

// Where a value of the effective configuration came from: "default",
// "command line", or "path:line".
struct Origin {
  std::string text = "default";
};

// A string of the config file and where it stands, for error messages.
struct ConfigString {
  std::string value;
  std::size_t line = 0;
  std::size_t column = 0;
};

struct Config {
  std::string path;       // the config file; empty when none was found
  std::string directory;  // the folder relative paths and globs refer to

  std::vector<std::string> packs;  // resolved against `directory`; empty: bundled
  std::vector<ConfigString> enable;
  std::vector<ConfigString> disable;
  std::map<std::string, Severity> severity;                 // rule id -> severity
  std::map<std::string, ConfigString> severity_locations;  // rule id -> where
  std::optional<Address> address;
  std::vector<ConfigString> placeholders;
  std::vector<std::string> ignore;
  std::vector<std::string> ignore_entries;

  // Origin of each top-level key ("packs", "enable", ...); a key that is not
  // here has its default.
  std::map<std::string, Origin> origins;

  // The compiled `placeholders`, in the same order; filled by the loader.
  std::vector<std::shared_ptr<const re2::RE2>> placeholder_patterns;

  // Where `key` came from ("default" when it was not set).
  Origin origin(const std::string& key) const;
};

// Loads `path` (a .tonfall.yaml). Relative packs are resolved against its
// folder.
Expected<Config> load_config_file(const std::string& path);

// Parses configuration text as if it were the file `path`. For tests.
Expected<Config> parse_config(std::string_view text, const std::string& path);

// The nearest .tonfall.yaml in `directory` or a folder above it, up to the
// filesystem root, as a path relative to the current directory ("../x" where
// needed); empty when there is none. `directory` may be relative.
std::string find_config_file(const std::string& directory);

// The folder where the search for `input`'s config starts: its parent folder,
// or the current directory for standard input ("-").
std::string config_search_start(const std::string& input);

// True if `config` says not to check `input` (a path as given, relative to
// the current directory or absolute): an `ignore` glob matches its path
// relative to the config's folder, one of that path's leading folders, or its
// file name. Standard input is never ignored.
bool is_ignored(const Config& config, const std::string& input);

// The built-in rule anrede.falsche-form for a brand that writes in `address`:
// it flags each form of the other address (for Sie: du/dich/dir/dein…, euch/
// euer…; for du: the polite Sie/Ihnen/Ihr… after a word, the span taking that
// word along, since „Sie“ at a sentence start may mean „they“). Severity
// warning, category anrede; a static object that lives as long as the program.
const Rule& address_rule(Address address);

// Finds and loads the config of each input, once per config file. Not
// thread-safe; use it before starting workers.
class ConfigCache {
 public:
  // The config that applies to `input`; a Config with no path when none is
  // found. The reference stays valid as long as the cache.
  Expected<const Config*> config_for(const std::string& input);

 private:
  std::map<std::string, std::string> file_of_directory_;  // search start -> config path
  std::map<std::string, std::unique_ptr<Config>> configs_;  // config path -> loaded
};

}  // namespace tonfall
