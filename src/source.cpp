#include "tonfall/source.h"

#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace fs = std::filesystem;

namespace tonfall {
namespace {

bool matches_any(const std::vector<std::string>& globs, const std::string& relative,
                 const std::string& name) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
    return fnmatch(glob.c_str(), relative.c_str(), 0) == 0 ||
           fnmatch(glob.c_str(), name.c_str(), 0) == 0;
  });
}

bool has_text_extension(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto& known = default_text_extensions();
  return std::find(known.begin(), known.end(), ext) != known.end();
}

// True if `target` (canonical) lies inside the folder `tree` (canonical).
bool lies_inside(const fs::path& tree, const fs::path& target) {
  const fs::path relative = target.lexically_relative(tree);
  return !relative.empty() && *relative.begin() != "..";
}

void walk_directory(const fs::path& root, const WalkOptions& options,
                    std::vector<std::string>& files, std::vector<Error>& errors) {
  std::vector<std::string> found;
  std::error_code ec;
  const fs::path tree = fs::canonical(root, ec);
  // Directory symlinks are not followed: a loop cannot trap the walk.
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    errors.push_back({root.string(), 0, 0, "cannot read directory: " + ec.message()});
    return;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      // A failed increment leaves the iterator at its end: it cannot be
      // dereferenced, and the walk cannot go on.
      errors.push_back({root.string(), 0, 0, "cannot read directory: " + ec.message()});
      break;
    }
    const fs::path& path = it->path();
    const std::string name = path.filename().string();
    const std::string relative = path.lexically_relative(root).generic_string();
    if (it->is_directory(ec)) {
      // Hidden directories (.git, .cache) hold no drafts.
      if (name.size() > 1 && name[0] == '.')
        it.disable_recursion_pending();
      else if (!options.exclude.empty() && matches_any(options.exclude, relative, name))
        it.disable_recursion_pending();
      else if (fs::directory_iterator probe(path, ec); ec) {
        // skip_permission_denied would skip it silently; say so instead.
        errors.push_back({path.string(), 0, 0, "cannot read directory: " + ec.message()});
        ec.clear();
        it.disable_recursion_pending();
      }
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    // A link to a file outside the folder is not followed: a walk, and a
    // fix --in-place over it, stays inside the tree it was given.
    if (it->is_symlink(ec) && !lies_inside(tree, fs::canonical(path, ec))) continue;
    if (matches_any(options.exclude, relative, name)) continue;
    const bool wanted = options.include.empty() ? has_text_extension(path)
                                                : matches_any(options.include, relative, name);
    if (wanted) found.push_back(path.string());
  }
  std::sort(found.begin(), found.end());
  files.insert(files.end(), found.begin(), found.end());
}

}  // namespace

const std::vector<std::string>& default_text_extensions() {
  static const std::vector<std::string> extensions = {
      ".txt", ".text",     ".md",  ".markdown", ".eml", ".html",  ".htm", ".tmpl",
      ".tpl", ".mustache", ".hbs", ".liquid",   ".j2",  ".jinja", ".rst", ".adoc"};
  return extensions;
}

std::vector<std::string> collect_inputs(const std::vector<std::string>& roots,
                                        const WalkOptions& options, std::vector<Error>& errors) {
  std::vector<std::string> files;
  for (const std::string& root : roots) {
    if (root == "-") {
      files.push_back(root);
      continue;
    }
    std::error_code ec;
    const fs::file_status status = fs::status(root, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
      errors.push_back({root, 0, 0, "cannot open: " + ec.message()});  // a symlink loop, say
    } else if (ec || !fs::exists(status)) {
      errors.push_back({root, 0, 0, "no such file or directory"});
    } else if (fs::is_directory(status)) {
      walk_directory(root, options, files, errors);
    } else {
      const fs::path path(root);
      if (!matches_any(options.exclude, path.generic_string(), path.filename().string()))
        files.push_back(root);
    }
  }
  return files;
}

std::optional<Error> not_regular(const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || fs::is_regular_file(status) || fs::is_directory(status)) return std::nullopt;
  // A process substitution, <(…), or standard input named as a file has a
  // writer the user started.
  if (path == "/dev/stdin" || path.starts_with("/dev/fd/") || path.starts_with("/proc/self/fd/"))
    return std::nullopt;
  return Error{path, 0, 0, "not a regular file (a pipe, a device or a socket), which a read may wait on forever"};
}

Expected<Source> read_source(const std::string& path) {
  Source source{path, {}};
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    source.bytes = std::move(buffer).str();
    return source;
  }
  std::error_code ec;
  if (fs::is_directory(path, ec)) return Error{path, 0, 0, "is a directory"};
  if (std::optional<Error> error = not_regular(path)) {
    error->message += "; give its text on standard input instead (tonfall check - < FILE)";
    return *error;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path, 0, 0, std::string("cannot open: ") + std::strerror(errno)};
  std::ostringstream buffer;  // read in blocks, not character by character
  buffer << in.rdbuf();
  source.bytes = std::move(buffer).str();
  if (in.bad()) return Error{path, 0, 0, std::string("cannot read: ") + std::strerror(errno)};
  // An empty file is a text with nothing in it (a pre-commit hook must not
  // fail on one).
  return source;
}

std::optional<FileStamp> stamp_file(const std::string& path) {
  struct stat status {};
  if (stat(path.c_str(), &status) != 0) return std::nullopt;
  return FileStamp{static_cast<std::uint64_t>(status.st_dev), static_cast<std::uint64_t>(status.st_ino),
                   static_cast<std::uint64_t>(status.st_size),
                   static_cast<std::int64_t>(status.st_mtim.tv_sec) * 1'000'000'000 + status.st_mtim.tv_nsec};
}

}  // namespace tonfall
