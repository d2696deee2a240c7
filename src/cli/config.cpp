// tonfall config: the effective project configuration for a path and where
// each value comes from; and what the other subcommands need to apply it
// (profiles per configuration, the progress line).
#include <re2/re2.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "commands.h"
#include "tonfall/report.h"

namespace fs = std::filesystem;

namespace tonfall::cli {
namespace {

bool names(const std::vector<std::string>& list, const Rule& rule) {
  for (const std::string& name : list) {
    if (name == rule.id || name == rule.category) return true;
  }
  return false;
}

std::vector<std::string> values(const std::vector<ConfigString>& items) {
  std::vector<std::string> out;
  for (const ConfigString& item : items) out.push_back(item.value);
  return out;
}

}  // namespace

std::optional<Error> build_profile(const Config& config, const RuleSelection& flags, Profile& out) {
  out.config = &config;
  RuleSelection packs_only;
  packs_only.packs = flags.packs.empty() ? config.packs : flags.packs;
  if (auto error = load_rules(packs_only, out.rules)) return error;
  if (config.address) out.address = address_rule(*config.address);

  std::vector<Rule*> all;
  for (Pack& pack : out.rules.packs) {
    for (Rule& rule : pack.rules) all.push_back(&rule);
  }
  if (out.address) all.push_back(&*out.address);
  all.push_back(&out.unused_suppression);
  std::set<std::string> known;
  for (const Rule* rule : all) known.insert({rule->id, rule->category});

  // Flags replace the config's lists; a config name that matches nothing is
  // reported where it stands.
  auto select = [&](const std::vector<std::string>& flag, const std::vector<ConfigString>& configured,
                    std::vector<std::string>& chosen) -> std::optional<Error> {
    if (!flag.empty()) {
      for (const std::string& name : flag) {
        if (!known.count(name))
          return Error{{}, 0, 0, "no rule or category named '" + name + "' (see tonfall rules list)"};
      }
      chosen = flag;
      return std::nullopt;
    }
    for (const ConfigString& name : configured) {
      if (!known.count(name.value))
        return Error{config.path, name.line, name.column,
                     "no rule or category named '" + name.value + "' (see tonfall rules list)"};
    }
    chosen = values(configured);
    return std::nullopt;
  };
  std::vector<std::string> enable;
  std::vector<std::string> disable;
  if (auto error = select(flags.enable, config.enable, enable)) return error;
  if (auto error = select(flags.disable, config.disable, disable)) return error;

  for (const auto& [id, severity] : config.severity) {
    bool found = false;
    for (Rule* rule : all) {
      if (rule->id == id) {
        rule->severity = severity;
        found = true;
      }
    }
    if (!found) {
      const ConfigString& where = config.severity_locations.at(id);
      return Error{config.path, where.line, where.column,
                   "severity: no rule named '" + id + "' (see tonfall rules list)"};
    }
  }

  out.rules.active.clear();
  out.settings.unused_suppression = nullptr;
  for (const Rule* rule : all) {
    if (!enable.empty() && !names(enable, *rule)) continue;
    if (names(disable, *rule)) continue;
    if (rule == &out.unused_suppression)
      out.settings.unused_suppression = rule;  // it has no pattern for the engine
    else
      out.rules.active.push_back(rule);
  }
  Expected<Engine> engine = Engine::compile(out.rules.active);
  if (!engine) return engine.error();
  out.engine.emplace(std::move(engine.value()));
  for (const auto& pattern : config.placeholder_patterns) out.settings.placeholders.push_back(pattern.get());
  out.settings.ignore_entries = config.ignore_entries;
  out.settings.address = config.address;
  return std::nullopt;
}

Profiles& profiles_until_exit(RuleSelection flags) {
  static auto* const kept = new std::vector<std::unique_ptr<Profiles>>;
  return *kept->emplace_back(std::make_unique<Profiles>(std::move(flags)));
}

const Profile* working_folder_profile(RuleSelection flags) {
  Expected<const Profile*> profile = profiles_until_exit(std::move(flags)).for_input("-");
  if (!profile) {
    print_error(profile.error());
    return nullptr;
  }
  return *profile;
}

const Config* config_named_or_found(const std::string& named, ConfigCache& configs, std::optional<Config>& storage) {
  if (!named.empty()) {
    Expected<Config> loaded = load_config_file(named);
    if (!loaded) {
      print_error(loaded.error());
      return nullptr;
    }
    return &storage.emplace(std::move(loaded.value()));
  }
  Expected<const Config*> found = configs.config_for("-");
  if (!found) {
    print_error(found.error());
    return nullptr;
  }
  return *found;
}

Expected<const Profile*> Profiles::for_input(const std::string& input) {
  Expected<const Config*> config = configs_.config_for(input);
  if (!config) return config.error();
  auto it = profiles_.find(*config);
  if (it == profiles_.end()) {
    auto profile = std::make_unique<Profile>();
    if (auto error = build_profile(**config, flags_, *profile)) return *error;
    it = profiles_.emplace(*config, std::move(profile)).first;
  }
  return static_cast<const Profile*>(it->second.get());
}

Expected<std::vector<Profiles::Input>> Profiles::inputs_for(const std::vector<std::string>& found,
                                                            std::vector<std::string>* ignored) {
  std::vector<Input> inputs;
  for (const std::string& path : found) {
    Expected<const Profile*> profile = for_input(path);
    if (!profile) return profile.error();
    if (is_ignored(*(*profile)->config, path)) {
      if (ignored) ignored->push_back(path);
      continue;
    }
    inputs.push_back({path, *profile});
  }
  if (found.empty()) {
    if (Expected<const Profile*> profile = for_input("-"); !profile) return profile.error();
  }
  return inputs;
}

namespace {

long long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The line appears only after this long, so a quick run never flickers.
constexpr long long kProgressDelayMs = 300;
constexpr long long kProgressIntervalMs = 100;

}  // namespace

Progress::Progress(std::size_t total, bool enabled)
    : total_(total), enabled_(enabled && total > 0 && isatty(STDERR_FILENO)), start_ms_(now_ms()) {}

Progress::~Progress() { clear(); }

void Progress::clear() {
  if (!shown_) return;
  std::cerr << "\r\033[K" << std::flush;
  shown_ = false;
}

void Progress::file_done(const FileResult& result) {
  findings_ += result.findings.size();
  if (!result.more) ++done_;
  if (!enabled_ || done_ >= total_) return;
  const long long now = now_ms();
  if (now - start_ms_ < kProgressDelayMs || now - last_ms_ < kProgressIntervalMs) return;
  last_ms_ = now;
  std::cerr << "\r\033[K" << done_ << "/" << total_ << " Dateien geprüft";
  // A large file checked piece by piece shows how far it has come.
  if (result.more) {
    std::string megabytes = fmt::format("{:.1f}", static_cast<double>(result.checked_bytes) / 1e6);
    std::replace(megabytes.begin(), megabytes.end(), '.', ',');
    std::cerr << " (" << visible(result.path) << ": " << megabytes << " MB)";
  }
  std::cerr << ", " << findings_ << (findings_ == 1 ? " Befund" : " Befunde") << std::flush;
  shown_ = true;
}

namespace {

struct ConfigOptions {
  std::string path = ".";
  RuleSelection rules;
};

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + ("'" + items[i] + "'");
  return out + "]";
}

void print_value(const std::string& key, const std::string& value, const std::string& origin) {
  std::string line = key + ": " + value;
  if (line.size() < 40) line.resize(40, ' ');
  std::cout << line << "  # " << origin << '\n';
}

int run_config(const ConfigOptions& options) {
  // A folder is looked up as if a file inside it were checked.
  std::error_code ec;
  const std::string probe = options.path == "-" ? "-"
                            : fs::is_directory(options.path, ec)
                                ? (fs::path(options.path) / "x").string()
                                : options.path;
  ConfigCache cache;
  Expected<const Config*> found = cache.config_for(probe);
  if (!found) {
    print_error(found.error());
    return kExitError;
  }
  const Config& config = **found;
  // Rules are loaded too, so a config that cannot work is reported here.
  Profile profile;
  if (auto error = build_profile(config, options.rules, profile)) {
    print_error(*error);
    return kExitError;
  }
  auto origin = [&](const std::string& key, const std::vector<std::string>& flag) {
    return flag.empty() ? config.origin(key).text : std::string("command line");
  };
  std::cout << "# effective configuration for " << options.path << '\n';
  std::cout << "# config file: " << (config.path.empty() ? "none (defaults)" : config.path) << '\n';
  const std::vector<std::string> packs =
      !options.rules.packs.empty() ? options.rules.packs
      : !config.packs.empty()      ? config.packs
                                   : std::vector<std::string>{default_pack_directory()};
  print_value("packs", quoted_list(packs), origin("packs", options.rules.packs));
  print_value("enable",
              !options.rules.enable.empty() ? quoted_list(options.rules.enable)
              : config.enable.empty()       ? "[]  (all rules)"
                                            : quoted_list(values(config.enable)),
              origin("enable", options.rules.enable));
  print_value("disable",
              quoted_list(!options.rules.disable.empty() ? options.rules.disable : values(config.disable)),
              origin("disable", options.rules.disable));
  std::string severity = "{";
  for (const auto& [id, level] : config.severity)
    severity += (severity.size() > 1 ? ", " : "") + id + ": " + std::string(to_string(level));
  print_value("severity", severity + "}", config.origin("severity").text);
  print_value("address",
              !config.address ? "(any)" : *config.address == Address::sie ? "Sie" : "du",
              config.origin("address").text);
  print_value("placeholders", quoted_list(values(config.placeholders)),
              config.origin("placeholders").text);
  print_value("ignore", quoted_list(config.ignore), config.origin("ignore").text);
  print_value("ignore_entries", quoted_list(config.ignore_entries),
              config.origin("ignore_entries").text);
  std::cout << "# " << profile.rules.active.size() << " active rules\n";
  if (options.path != "-" && is_ignored(config, options.path))
    std::cout << "# " << options.path << " is ignored by this configuration\n";
  return kExitClean;
}

}  // namespace

std::function<int()> setup_config(CLI::App& app) {
  auto options = std::make_shared<ConfigOptions>();
  app.add_option("path", options->path,
                 "The file or folder whose configuration to show (default: the current folder)")
      ->type_name("PATH");
  options->rules.add_options(app);
  app.footer(
      "The nearest .tonfall.yaml above PATH applies (files further up are not merged).\n"
      "Each value is followed by where it comes from: file:line, default or command line.\n"
      "Examples:\n"
      "  tonfall config\n"
      "  tonfall config vorlagen/brief.md\n"
      "  tonfall config --disable unsicherheit vorlagen/");
  return [options] { return run_config(*options); };
}

}  // namespace tonfall::cli
