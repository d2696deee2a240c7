// Source: the first stage. Finds the inputs (files, directory trees, stdin)
// and reads their bytes unchanged. Nothing here interprets the text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tonfall/error.h"

namespace tonfall {

// One input: where it came from and its bytes exactly as read.
struct Source {
  std::string path;   // as given by the user; "-" for standard input
  std::string bytes;  // the original bytes, never modified by later stages
};

// Which files a directory walk picks up. Globs use fnmatch(3) syntax and are
// tried against the path relative to the walked directory and against the
// file name. An empty `include` means the built-in text-like extensions.
struct WalkOptions {
  std::vector<std::string> include;
  std::vector<std::string> exclude;
};

// The extensions a directory walk checks when no --include is given.
const std::vector<std::string>& default_text_extensions();

// Expands `roots` into the list of files to check, in a stable order: a root
// that is a file is taken as is (whatever its extension, unless excluded); a
// directory is walked recursively without following directory symlinks, so a
// symlink loop cannot trap the walk; "-" stands for standard input. Roots that
// do not exist, and directories that cannot be read, are reported in `errors`
// and skipped.
std::vector<std::string> collect_inputs(const std::vector<std::string>& roots,
                                        const WalkOptions& options, std::vector<Error>& errors);

// Reads a whole file, or standard input when `path` is "-". A pipe, device
// or socket named as a file is refused (not_regular).
Expected<Source> read_source(const std::string& path);

// An error for `path` if it is a pipe, a device or a socket, which a read
// could wait on forever (a pipe without a writer) or never finish
// (/dev/zero); nothing for a regular file, a folder, a path that does not
// exist (opening it says why) and a process substitution (/dev/fd/N).
std::optional<Error> not_regular(const std::string& path);

// A file as it was at one moment (a symlink followed), so that a long read
// or a rewrite can notice that another program changed it meanwhile.
struct FileStamp {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::uint64_t size = 0;
  std::int64_t modified_ns = 0;
  bool operator==(const FileStamp&) const = default;
};
std::optional<FileStamp> stamp_file(const std::string& path);

}  // namespace tonfall
