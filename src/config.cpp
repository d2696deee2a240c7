#include "tonfall/config.h"

#include <fnmatch.h>
#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace tonfall {

Origin Config::origin(const std::string& key) const {
  auto it = origins.find(key);
  return it == origins.end() ? Origin{} : it->second;
}

namespace {

// Thrown inside the loader only, turned into an Error at its edge.
struct LoadError {
  std::size_t line;  // 1-based; 0 when unknown
  std::size_t column;
  std::string message;
};

[[noreturn]] void fail(const YAML::Node& node, std::string message) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) throw LoadError{0, 0, std::move(message)};
  throw LoadError{static_cast<std::size_t>(mark.line) + 1, static_cast<std::size_t>(mark.column) + 1,
                  std::move(message)};
}

ConfigString located(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {node.Scalar(), 0, 0};
  return {node.Scalar(), static_cast<std::size_t>(mark.line) + 1,
          static_cast<std::size_t>(mark.column) + 1};
}

// A string or a list of strings, each non-empty.
std::vector<ConfigString> strings(const YAML::Node& node, const std::string& key) {
  std::vector<ConfigString> out;
  auto take = [&](const YAML::Node& item) {
    if (!item.IsScalar()) fail(item, "'" + key + "' must be a string or a list of strings");
    if (item.Scalar().empty()) fail(item, "empty string in '" + key + "'");
    out.push_back(located(item));
  };
  if (node.IsScalar()) {
    take(node);
  } else if (node.IsSequence()) {
    for (const YAML::Node& item : node) take(item);
  } else if (!node.IsNull()) {
    fail(node, "'" + key + "' must be a string or a list of strings");
  }
  return out;
}

std::vector<std::string> values(const std::vector<ConfigString>& items) {
  std::vector<std::string> out;
  for (const ConfigString& item : items) out.push_back(item.value);
  return out;
}

Config parse_root(const YAML::Node& root, const std::string& path) {
  static const std::set<std::string> known = {"packs",        "enable", "disable",
                                              "severity",     "address", "placeholders",
                                              "ignore",       "ignore_entries"};
  Config config;
  config.path = path;
  config.directory = fs::path(path).parent_path().string();
  if (config.directory.empty()) config.directory = ".";
  if (!root || root.IsNull()) return config;  // an empty file: all defaults
  if (!root.IsMap()) fail(root, "a .tonfall.yaml must be a mapping of keys such as packs, enable, address");
  std::set<std::string> seen;
  for (const auto& entry : root) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    if (!known.count(key)) {
      std::string list;
      for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
      fail(entry.first, "unknown key '" + key + "' (known: " + list + ")");
    }
    if (!seen.insert(key).second) fail(entry.first, "duplicate key '" + key + "'");
    config.origins[key] =
        Origin{path + ":" + std::to_string(static_cast<std::size_t>(entry.first.Mark().line) + 1)};
    const YAML::Node& value = entry.second;
    if (key == "packs") {
      for (const ConfigString& pack : strings(value, key)) {
        const fs::path p(pack.value);
        config.packs.push_back(p.is_absolute() ? pack.value
                                               : (fs::path(config.directory) / p).lexically_normal().string());
      }
    } else if (key == "enable") {
      config.enable = strings(value, key);
    } else if (key == "disable") {
      config.disable = strings(value, key);
    } else if (key == "severity") {
      if (!value.IsMap()) fail(value, "'severity' must be a mapping of rule ids to error, warning or info");
      for (const auto& item : value) {
        if (!item.first.IsScalar() || !item.second.IsScalar())
          fail(item.first, "'severity' must map rule ids to error, warning or info");
        const std::string id = item.first.Scalar();
        const auto severity = parse_severity(item.second.Scalar());
        if (!severity)
          fail(item.second, "severity of '" + id + "' must be error, warning or info, not '" +
                                item.second.Scalar() + "'");
        if (!config.severity.emplace(id, *severity).second)
          fail(item.first, "duplicate key '" + id + "' in 'severity'");
        config.severity_locations[id] = located(item.first);
      }
    } else if (key == "address") {
      if (!value.IsScalar()) fail(value, "'address' must be Sie or du");
      const std::string form = value.Scalar();
      if (form == "Sie" || form == "sie") {
        config.address = Address::sie;
      } else if (form == "du" || form == "Du") {
        config.address = Address::du;
      } else {
        fail(value, "'address' must be Sie or du, not '" + form + "'");
      }
    } else if (key == "placeholders") {
      config.placeholders = strings(value, key);
      RE2::Options options;
      options.set_log_errors(false);
      for (const ConfigString& pattern : config.placeholders) {
        auto compiled = std::make_shared<const RE2>(pattern.value, options);
        if (!compiled->ok())
          throw LoadError{pattern.line, pattern.column,
                          "placeholder pattern does not compile: " + compiled->error()};
        config.placeholder_patterns.push_back(std::move(compiled));
      }
    } else if (key == "ignore") {
      config.ignore = values(strings(value, key));
    } else if (key == "ignore_entries") {
      config.ignore_entries = values(strings(value, key));
    }
  }
  return config;
}

}  // namespace

Expected<Config> parse_config(std::string_view text, const std::string& path) {
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    Config config = parse_root(root, path);
    return config;
  } catch (const LoadError& e) {
    return Error{path, e.line, e.column, e.message};
  } catch (const YAML::ParserException& e) {
    return yaml_error(path, e);
  } catch (const YAML::Exception& e) {
    return Error{path, 0, 0, std::string("invalid configuration: ") + e.what()};
  }
}

Expected<Config> load_config_file(const std::string& path) {
  // Opening a pipe would wait for a writer.
  std::error_code ec;
  if (fs::exists(path, ec) && !fs::is_regular_file(path, ec))
    return Error{path, 0, 0, "not a regular file (a folder or a pipe): a configuration must be a file"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path, 0, 0, "cannot read configuration file"};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path);
}

std::string find_config_file(const std::string& directory) {
  std::error_code ec;
  fs::path dir = fs::absolute(directory.empty() ? "." : directory, ec).lexically_normal();
  if (ec) return {};
  while (true) {
    const fs::path candidate = dir / kConfigFileName;
    // Whatever has the name is the configuration: a folder or a pipe is
    // reported when it is loaded, not passed over in silence.
    if (fs::exists(fs::symlink_status(candidate, ec))) {
      // Relative to the current directory, so messages read like the paths
      // the user typed.
      const fs::path relative = candidate.lexically_proximate(fs::current_path(ec));
      return ec ? candidate.string() : relative.string();
    }
    if (!dir.has_relative_path()) return {};  // the root
    fs::path parent = dir.parent_path();
    if (parent == dir) return {};
    dir = std::move(parent);
  }
}

std::string config_search_start(const std::string& input) {
  if (input == "-") return ".";
  const fs::path parent = fs::path(input).parent_path();
  return parent.empty() ? "." : parent.string();
}

bool is_ignored(const Config& config, const std::string& input) {
  if (input == "-" || config.ignore.empty()) return false;
  std::error_code ec;
  const fs::path file = fs::absolute(input, ec).lexically_normal();
  const fs::path base = fs::absolute(config.directory, ec).lexically_normal();
  const fs::path relative = file.lexically_relative(base);
  const std::string name = file.filename().string();
  for (const std::string& glob : config.ignore) {
    if (fnmatch(glob.c_str(), name.c_str(), 0) == 0) return true;
    if (relative.empty() || *relative.begin() == "..") continue;
    if (fnmatch(glob.c_str(), relative.c_str(), 0) == 0) return true;
    // A leading folder ("entwuerfe" or "entwuerfe/") ignores all below it.
    fs::path prefix;
    for (const fs::path& part : relative.parent_path()) {
      prefix /= part;
      const std::string folder = prefix.string();
      if (fnmatch(glob.c_str(), folder.c_str(), 0) == 0 ||
          fnmatch(glob.c_str(), (folder + "/").c_str(), 0) == 0)
        return true;
    }
  }
  return false;
}

namespace {

Rule make_address_rule(Address address) {
  Rule rule;
  rule.id = "anrede.falsche-form";
  rule.severity = Severity::warning;
  rule.category = "anrede";
  rule.file = "<tonfall>";
  rule.source = "003: „seelenlose Standardantwort“; .tonfall.yaml: address";
  // The exceptions are those of anrede-mix.du-und-sie: French names, command
  // lines, and "Sie"/"Ihr" with a verb of the third person (she, they).
  if (address == Address::sie) {
    rule.message =
        "Diese Marke siezt ihre Kunden (address: Sie in .tonfall.yaml). Schreiben Sie „Sie“ "
        "statt „du“ oder „ihr“.";
    rule.patterns = {{R"(\b(?-i:[Dd](?:u|ich|ir|einen|einem|einer|eines|eine|ein))\b)", {}},
                     {R"(\b(?-i:[Ee](?:uch|uer|urem|uren|urer|ures|ure))\b)", {}}};
    rule.unless = {
        {R"((?-i:\b(?:Hôtel|Hotel|Café|Cafe|Rue|Château|Chateau|Côte|Place|Musée|Tour|Pont|Gare|Quai|Chemin|Domaine|Maison|Restaurant|Auberge|Relais)\s+du\b))", {}},
        {R"((?-i:\bdu\s+(?:Lac|Pont|Bois|Monde|Nord|Sud|Soleil|Parc|Port|Louvre|Mont|Midi|Marché|Roi|Vin|Cap|Château|Rhône|Rhin|Jour|Temps)\b))", {}},
        {R"((?-i:[-/.=_$|`](?:du|dir)\b))", {}},
        {R"((?-i:\b(?:du|dir)(?:[/=_.`-]\S|\s+-)))", {}},
        {R"(\b(?:Befehls?|Kommandos?|Programms?|Tools?|command)\s+(?-i:du|dir)\b)", {}}};
  } else {
    rule.message =
        "Diese Marke duzt ihre Kunden (address: du in .tonfall.yaml). Schreiben Sie „du“ "
        "statt „Sie“.";
    rule.patterns = {{R"((?:\b\pL+|[,;:(\x{2013}])[ \t]+(?-i:Sie|Ihnen|Ihrem|Ihren|Ihrer|Ihres|Ihre|Ihr)\b)", {}}};
    rule.unless = {
        {R"((?-i:\bSie\s+(?:arbeitet|bekommt|konnte|musste|sollte|wollte|durfte|wusste|meinte|machte|hatte|wurde|sagte|meint|kommt|macht|bekam|heißt|wohnt|wird|kann|muss|soll|will|darf|weiß|sagt|geht|ging|lebt|ist|war|hat|mag|kam)\b))", {}},
        {R"((?-i:\bIhr\s+(?:erhaltet|solltet|bekommt|braucht|wolltet|findet|werdet|hattet|könnt|müsst|wollt|dürft|wisst|sollt|macht|kommt|fallt|lauft|liebt|habt|seid|wart|geht|seht)\b))", {}}};
  }
  rule.rationale =
      "Eine Marke spricht ihre Kunden immer gleich an. Welche Anrede gilt, legt die "
      ".tonfall.yaml des Projekts fest (address).";
  // The word in the brand's form, where its sentence allows it without
  // touching another word („deine“ → „Ihre“; not „hast du“, whose verb
  // stands outside the match).
  rule.suggestions = {address == Address::sie ? "${0:Sie}" : "${0:du}"};
  rule.auto_fix = true;
  return rule;
}

}  // namespace

const Rule& address_rule(Address address) {
  static const Rule sie = make_address_rule(Address::sie);
  static const Rule du = make_address_rule(Address::du);
  return address == Address::sie ? sie : du;
}

Expected<const Config*> ConfigCache::config_for(const std::string& input) {
  const std::string start = config_search_start(input);
  auto found = file_of_directory_.find(start);
  if (found == file_of_directory_.end())
    found = file_of_directory_.emplace(start, find_config_file(start)).first;
  const std::string& path = found->second;
  auto it = configs_.find(path);
  if (it == configs_.end()) {
    std::unique_ptr<Config> config;
    if (path.empty()) {
      config = std::make_unique<Config>();
      config->directory = ".";
    } else {
      Expected<Config> loaded = load_config_file(path);
      if (!loaded) return loaded.error();
      config = std::make_unique<Config>(std::move(loaded.value()));
    }
    it = configs_.emplace(path, std::move(config)).first;
  }
  return static_cast<const Config*>(it->second.get());
}

}  // namespace tonfall
