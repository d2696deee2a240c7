#include "tonfall/pack_cache.h"

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <future>
#include <iterator>
#include <optional>
#include <random>
#include <system_error>
#include <unordered_map>

#include "tonfall/bytes.h"
#include "tonfall/engine.h"
#include "tonfall/prefilter.h"

namespace tonfall {

namespace {

namespace fs = std::filesystem;

// Bump when the layout below changes.
constexpr std::string_view kMagic = "tonfall pack 17\n";
// The prefilter's tables are read in place, so they must start aligned: the
// magic and the prefilter's length before them fill whole words.
static_assert(kMagic.size() % bytes::kAlignment == 0);

// FNV-1a, 64 bits: a key, not a defence against an attacker who can write the
// cache directory (who could as well write the packs).
struct Hash {
  std::uint64_t value = 0xcbf29ce484222325ULL;
  void add(std::string_view bytes) {
    for (const char c : bytes) {
      value ^= static_cast<unsigned char>(c);
      value *= 0x100000001b3ULL;
    }
    add_number(bytes.size());
  }
  void add_number(std::uint64_t n) {
    for (int i = 0; i < 8; ++i) {
      value ^= (n >> (8 * i)) & 0xFF;
      value *= 0x100000001b3ULL;
    }
  }
};

// True if `info` belongs to this user and nobody else may write it: the
// cache holds the suggestions `fix` writes into drafts, so a file or folder
// that another user can replace is not trusted.
bool is_private(const struct stat& info) {
  return info.st_uid == geteuid() && (info.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

// A file mapped read-only: the cache is read once, in place, and its pages
// come from the page cache instead of being copied. Only a regular private
// file is mapped; opening does not block (a FIFO planted at the path would
// otherwise stall every run) and does not follow a symlink.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
    if (fd < 0) return;
    struct stat info {};
    if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && is_private(info) && info.st_size > 0) {
      // All pages at once: the whole file is read anyway, and one call is
      // cheaper than a fault for each page.
      void* data =
          mmap(nullptr, static_cast<std::size_t>(info.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
      if (data != MAP_FAILED) bytes_ = {static_cast<const char*>(data), static_cast<std::size_t>(info.st_size)};
    }
    close(fd);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile() {
    if (!bytes_.empty()) munmap(const_cast<char*>(bytes_.data()), bytes_.size());
  }
  std::string_view bytes() const { return bytes_; }

 private:
  std::string_view bytes_;
};

// Adds what identifies the contents of `path` without reading it: size,
// inode and the modification and change times in nanoseconds, as build tools
// and git do. An edit in place changes the times, a replaced file the inode.
bool add_file_identity(Hash& hash, const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) return false;
  hash.add(path);
  for (const auto n : {static_cast<std::uint64_t>(info.st_size), static_cast<std::uint64_t>(info.st_dev),
                       static_cast<std::uint64_t>(info.st_ino), static_cast<std::uint64_t>(info.st_mtim.tv_sec),
                       static_cast<std::uint64_t>(info.st_mtim.tv_nsec), static_cast<std::uint64_t>(info.st_ctim.tv_sec),
                       static_cast<std::uint64_t>(info.st_ctim.tv_nsec)})
    hash.add_number(n);
  return true;
}

// The GNU build ID of the running program: a hash of its contents that the
// linker writes into it. Empty if it has none.
std::string build_id() {
  std::string id;
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* out) {
        for (int k = 0; k < info->dlpi_phnum; ++k) {
          const ElfW(Phdr)& segment = info->dlpi_phdr[k];
          if (segment.p_type != PT_NOTE) continue;
          const char* note = reinterpret_cast<const char*>(info->dlpi_addr + segment.p_vaddr);
          const char* const end = note + segment.p_memsz;
          while (note + sizeof(ElfW(Nhdr)) <= end) {
            ElfW(Nhdr) header;
            std::memcpy(&header, note, sizeof header);
            const char* name = note + sizeof header;
            const char* desc = name + ((header.n_namesz + 3) & ~3U);
            if (desc + header.n_descsz > end) break;
            if (header.n_type == NT_GNU_BUILD_ID && header.n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
              static_cast<std::string*>(out)->assign(desc, header.n_descsz);
              return 1;
            }
            note = desc + ((header.n_descsz + 3) & ~3U);
          }
        }
        return 1;  // the first object is the program itself: stop there
      },
      &id);
  return id;
}

// Adds the identity of the running program: a rebuilt tonfall may analyse or
// compile patterns differently. Its build ID, or else the size and
// modification time of /proc/self/exe (which under a launcher such as
// valgrind is the launcher). False when neither is known, and then the cache
// is not used.
bool add_binary_identity(Hash& hash) {
  if (const std::string id = build_id(); !id.empty()) {
    hash.add(id);
    return true;
  }
  struct stat info {};
  if (stat("/proc/self/exe", &info) != 0) return false;
  hash.add_number(static_cast<std::uint64_t>(info.st_size));
  hash.add_number(static_cast<std::uint64_t>(info.st_mtim.tv_sec));
  hash.add_number(static_cast<std::uint64_t>(info.st_mtim.tv_nsec));
  return true;
}

class Writer {
 public:
  void number(std::uint64_t n) { out_.append(reinterpret_cast<const char*>(&n), sizeof n); }
  void text(std::string_view s) {
    number(s.size());
    out_.append(s);
  }
  void texts(const std::vector<std::string>& list) {
    number(list.size());
    for (const std::string& s : list) text(s);
  }
  void location(const PackLocation& at) {
    number(at.line);
    number(at.column);
  }
  void patterns(const std::vector<Pattern>& list) {
    number(list.size());
    for (const Pattern& p : list) {
      text(p.text);
      texts(p.clause_parts);
      location(p.location);
      number(p.suggestions.has_value());
      if (p.suggestions) texts(*p.suggestions);
      texts(p.suggestions_du);
      number(p.auto_fix);
      number(p.condition != nullptr);
      if (!p.condition) continue;
      number(p.condition->clauses.size());
      for (const auto& clause : p.condition->clauses) texts(clause);
    }
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

// Reads what Writer wrote; any overrun makes ok() false and yields zeros.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool at_end() const { return at_ == in_.size(); }

  std::uint64_t number() {
    std::uint64_t n = 0;
    if (in_.size() - at_ < sizeof n) {
      ok_ = false;
      return 0;
    }
    std::copy_n(in_.data() + at_, sizeof n, reinterpret_cast<char*>(&n));
    at_ += sizeof n;
    return n;
  }
  std::string_view view() {
    const std::uint64_t size = number();
    if (size > in_.size() - at_) {
      ok_ = false;
      return {};
    }
    const std::string_view s = in_.substr(at_, size);
    at_ += size;
    return s;
  }
  std::string text() { return std::string(view()); }
  // A count of items, each at least `item_bytes` long: bounded by what is left.
  std::size_t count(std::size_t item_bytes) {
    const std::uint64_t n = number();
    if (n > (in_.size() - at_) / item_bytes) {
      ok_ = false;
      return 0;
    }
    return n;
  }
  std::vector<std::string> texts() {
    std::vector<std::string> list(count(8));
    for (std::string& s : list) s = text();
    return list;
  }
  // A literal condition. Many exceptions are the same pattern in many rules:
  // a condition already read is shared, not read again.
  std::shared_ptr<const LiteralCondition> condition() {
    const std::size_t start = at_;
    skip_condition();
    if (!ok_) return nullptr;
    auto [known, added] = conditions_.try_emplace(in_.substr(start, at_ - start));
    if (!added) return known->second;
    at_ = start;
    auto read = std::make_shared<LiteralCondition>();
    read->clauses.resize(count(8));
    for (auto& clause : read->clauses) clause = texts();
    known->second = std::move(read);
    return known->second;
  }

  PackLocation location() {
    PackLocation at;
    at.line = number();
    at.column = number();
    return at;
  }
  std::vector<Pattern> patterns() {
    std::vector<Pattern> list(count(32));
    for (Pattern& p : list) {
      p.text = text();
      p.clause_parts = texts();
      p.location = location();
      if (number() != 0) p.suggestions = texts();
      p.suggestions_du = texts();
      p.auto_fix = number() != 0;
      if (number() == 0) continue;
      p.condition = condition();
    }
    return list;
  }

 private:
  // Moves past a condition without building it.
  void skip_condition() {
    for (std::size_t clauses = count(8); clauses > 0 && ok_; --clauses)
      for (std::size_t literals = count(8); literals > 0 && ok_; --literals) view();
  }

  std::string_view in_;
  std::size_t at_ = 0;
  bool ok_ = true;
  std::unordered_map<std::string_view, std::shared_ptr<const LiteralCondition>> conditions_;
};

// All rules of `packs`, in order: what the prefilter is built for.
std::vector<const Rule*> all_rules(const std::vector<Pack>& packs) {
  std::vector<const Rule*> rules;
  for (const Pack& pack : packs)
    for (const Rule& rule : pack.rules) rules.push_back(&rule);
  return rules;
}

// Lets each rule of `packs` point to `prefilter`, built for all of them.
void share_prefilter(std::vector<Pack>& packs, const std::shared_ptr<const Prefilter>& prefilter) {
  std::uint32_t index = 0;
  for (Pack& pack : packs)
    for (Rule& rule : pack.rules) {
      rule.prefilter = prefilter;
      rule.prefilter_rule = index++;
    }
}

// The file is its contents and their checksum, so that a damaged file (a
// flipped bit, a cut) is a miss rather than rules that differ from the packs.
// Eight bytes a step: the file is megabytes, read at every start.
std::uint64_t checksum(std::string_view bytes) {
  std::uint64_t sum = 0x9E3779B97F4A7C15ULL ^ bytes.size();
  std::size_t at = 0;
  for (; at + 8 <= bytes.size(); at += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + at, 8);
    sum = (sum ^ word) * 0xFF51AFD7ED558CCDULL;
    sum ^= sum >> 32;
  }
  for (; at < bytes.size(); ++at) sum = (sum ^ static_cast<unsigned char>(bytes[at])) * 0x100000001B3ULL;
  return sum;
}

std::string serialize(const std::vector<Pack>& packs, const Prefilter& prefilter) {
  Writer out;
  out.bytes() += kMagic;
  out.text(prefilter.to_bytes());
  out.number(packs.size());
  for (const Pack& pack : packs) {
    out.text(pack.name);
    out.text(pack.language);
    out.text(pack.path);
    out.number(pack.rules.size());
    for (const Rule& rule : pack.rules) {
      out.text(rule.id);
      out.number(static_cast<std::uint64_t>(rule.severity));
      out.text(rule.category);
      out.text(rule.message);
      out.text(rule.rationale);
      out.text(rule.advice);
      out.text(rule.source);
      out.patterns(rule.patterns);
      out.text(rule.model_path);
      out.patterns(rule.unless);
      out.patterns(rule.unless_paragraph);
      out.number(rule.case_sensitive);
      out.number(rule.gather_paragraph);
      out.number(static_cast<std::uint64_t>(rule.scope));
      out.patterns(rule.against);
      out.number(rule.auto_fix);
      out.texts(rule.suggestions);
      out.texts(rule.suggestions_du);
      out.texts(rule.sentence_suggestions);
      out.texts(rule.sentence_suggestions_du);
      out.number(rule.drop_clause);
      out.number(rule.drop_sentence);
      out.texts(rule.bad_examples);
      out.texts(rule.good_examples);
      out.number(rule.fix_examples.size());
      for (const FixExample& example : rule.fix_examples) {
        out.text(example.from);
        out.text(example.to);
      }
      out.text(rule.file);
      out.location(rule.location);
    }
  }
  out.number(checksum(out.bytes()));
  return std::move(out.bytes());
}

// ToneModel::load(path) on a thread of its own, or here when none can start.
std::future<Expected<ToneModel>> load_in_background(const std::string& path) {
  try {
    return std::async(std::launch::async, [path] { return ToneModel::load(path); });
  } catch (const std::system_error&) {
    std::promise<Expected<ToneModel>> loaded;
    loaded.set_value(ToneModel::load(path));
    return loaded.get_future();
  }
}

// The packs in `file`, whose prefilter keeps the mapping alive.
std::optional<std::vector<Pack>> deserialize(std::shared_ptr<const MappedFile> file) {
  const std::string_view bytes = file->bytes();
  if (bytes.substr(0, kMagic.size()) != kMagic || bytes.size() < kMagic.size() + sizeof(std::uint64_t))
    return std::nullopt;
  const std::string_view body = bytes.substr(0, bytes.size() - sizeof(std::uint64_t));
  if (Reader(bytes.substr(body.size())).number() != checksum(body)) return std::nullopt;
  Reader in(body.substr(kMagic.size()));
  const std::string_view prefilter_bytes = in.view();
  std::vector<Pack> packs(in.count(32));
  // Models load beside the rest: parsing one takes as long as all the rules.
  std::vector<std::pair<Rule*, std::future<Expected<ToneModel>>>> models;
  for (Pack& pack : packs) {
    pack.name = in.text();
    pack.language = in.text();
    pack.path = in.text();
    pack.rules.resize(in.count(64));
    for (Rule& rule : pack.rules) {
      rule.id = in.text();
      rule.severity = static_cast<Severity>(std::min<std::uint64_t>(in.number(), 2));
      rule.category = in.text();
      rule.message = in.text();
      rule.rationale = in.text();
      rule.advice = in.text();
      rule.source = in.text();
      rule.patterns = in.patterns();
      rule.model_path = in.text();
      // Read again each run: the cache keeps the path, the file the model.
      if (!rule.model_path.empty()) models.emplace_back(&rule, load_in_background(rule.model_path));
      rule.unless = in.patterns();
      rule.unless_paragraph = in.patterns();
      rule.case_sensitive = in.number() != 0;
      rule.gather_paragraph = in.number() != 0;
      rule.scope = in.number() != 0 ? Scope::document : Scope::text;
      rule.against = in.patterns();
      rule.auto_fix = in.number() != 0;
      rule.suggestions = in.texts();
      rule.suggestions_du = in.texts();
      rule.sentence_suggestions = in.texts();
      rule.sentence_suggestions_du = in.texts();
      rule.drop_clause = in.number() != 0;
      rule.drop_sentence = in.number() != 0;
      rule.bad_examples = in.texts();
      rule.good_examples = in.texts();
      rule.fix_examples.resize(in.count(16));
      for (FixExample& example : rule.fix_examples) {
        example.from = in.text();
        example.to = in.text();
      }
      rule.file = in.text();
      rule.location = in.location();
      rule.patterns_checked = true;
    }
  }
  for (auto& [rule, loading] : models) {
    Expected<ToneModel> model = loading.get();
    if (!model) return std::nullopt;
    rule->model = std::make_shared<const ToneModel>(std::move(*model));
  }
  if (!in.ok() || !in.at_end()) return std::nullopt;
  std::optional<Prefilter> prefilter = Prefilter::from_bytes(prefilter_bytes, std::move(file), all_rules(packs));
  if (!prefilter) return std::nullopt;
  share_prefilter(packs, std::make_shared<const Prefilter>(std::move(*prefilter)));
  return packs;
}

// Writes `bytes` to `path` through a temporary file and a rename, so that a
// concurrent reader sees the old file or the new one, never a part. The
// temporary file is new (O_EXCL), readable by this user only, and every
// write is checked: a full disk leaves no cache file behind, not a short one.
void write_cache_file(const fs::path& path, const std::string& bytes) {
  // Unique among writers, also across PID namespaces sharing the folder.
  const fs::path temporary = path.string() + "." + std::to_string(getpid()) + "." +
                             std::to_string(std::random_device{}()) + ".tmp";
  const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return;
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  const bool complete = close(fd) == 0 && written == bytes.size();
  std::error_code ec;
  if (complete) fs::rename(temporary, path, ec);
  if (!complete || ec) fs::remove(temporary, ec);
}

// The cache folder, created if missing (for this user only), when it can be
// trusted: a folder of this user that nobody else can write. Empty otherwise
// (no cache).
std::string trusted_directory(const std::string& directory) {
  std::error_code ec;
  fs::create_directories(fs::path(directory).parent_path(), ec);
  mkdir(directory.c_str(), 0700);  // may exist already: checked below
  struct stat info {};
  if (lstat(directory.c_str(), &info) != 0 || !S_ISDIR(info.st_mode) || !is_private(info)) return {};
  return directory;
}

// Each edit of a pack and each new tonfall binary makes a new cache file:
// only the most recent few are kept.
constexpr std::size_t kCacheFilesKept = 8;

// A temporary file this old was left by a writer that was killed.
constexpr auto kStaleTemporary = std::chrono::minutes(10);

void prune_cache(const fs::path& directory, const fs::path& written) {
  std::error_code ec;
  std::vector<std::pair<fs::file_time_type, fs::path>> files;
  const fs::file_time_type now = fs::file_time_type::clock::now();
  for (const fs::directory_entry& entry : fs::directory_iterator(directory, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("packs-", 0) != 0 || entry.path() == written) continue;
    const fs::file_time_type time = entry.last_write_time(ec);
    if (ec) continue;
    if (entry.path().extension() == ".tmp" && now - time > kStaleTemporary) fs::remove(entry.path(), ec);
    if (entry.path().extension() == ".bin") files.emplace_back(time, entry.path());
  }
  if (files.size() < kCacheFilesKept) return;
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = kCacheFilesKept - 1; k < files.size(); ++k) fs::remove(files[k].second, ec);
}

}  // namespace

std::string pack_cache_directory() {
  if (const char* dir = std::getenv("TONFALL_CACHE_DIR")) return dir;
  // The XDG specification: a relative path is invalid and ignored (it would
  // put the cache into whatever folder tonfall runs in).
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') return std::string(xdg) + "/tonfall";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/tonfall";
  return {};
}

Expected<std::vector<Pack>> load_packs_cached(const std::vector<std::string>& paths) {
  const std::string configured = pack_cache_directory();
  const std::string directory = configured.empty() ? configured : trusted_directory(configured);
  if (directory.empty()) return load_packs(paths);
  Expected<std::vector<std::string>> files = pack_files(paths);
  if (!files) return files.error();

  Hash key;
  key.add(kMagic);
  if (!add_binary_identity(key)) return load_packs(paths);
  for (const std::string& file : files.value()) {
    if (!add_file_identity(key, file)) return load_packs(paths);  // let the loader report it
  }
  char name[32];
  std::snprintf(name, sizeof name, "packs-%016llx.bin", static_cast<unsigned long long>(key.value));
  const fs::path cache_file = fs::path(directory) / name;

  if (std::optional<std::vector<Pack>> packs = deserialize(std::make_shared<const MappedFile>(cache_file.string())))
    return std::move(*packs);
  Expected<std::vector<Pack>> packs = load_packs(paths);
  if (!packs || Engine::check_patterns(all_rules(packs.value()))) return packs;
  for (Pack& pack : packs.value())
    for (Rule& rule : pack.rules) {
      rule.patterns_checked = true;
      // The prefilter keeps the literals of a rule's patterns; an exception
      // carries its own.
      for (auto* list : {&rule.unless, &rule.unless_paragraph, &rule.against})
        for (Pattern& pattern : *list) pattern.condition = std::make_shared<const LiteralCondition>(pattern_condition(pattern));
    }
  auto prefilter = std::make_shared<const Prefilter>(Prefilter::build(all_rules(packs.value())));
  share_prefilter(packs.value(), prefilter);
  write_cache_file(cache_file, serialize(packs.value(), *prefilter));
  prune_cache(directory, cache_file);
  return packs;
}

}  // namespace tonfall
