// Pack cache: the rule packs as loaded and checked, for a fast start.
//
// Loading the bundled packs means parsing their YAML and compiling every
// pattern once to check it, which takes a few hundred milliseconds; checking
// a 2 KB draft takes one. The cache keeps the packs of one set of pack files
// in a binary file, with every rule marked as checked and the literal
// condition of every pattern worked out, so that a later run only maps it and
// compiles the patterns it needs. The key covers the paths of the pack files
// and what identifies their contents without reading them (size, inode,
// modification and change times in nanoseconds, as build tools and git use
// them), and the tonfall binary itself (its build ID), so an edited pack or a
// rebuilt binary never sees a stale entry. A missing, unreadable or damaged
// cache file is a miss; a cache that cannot be written is skipped. Of the
// cache files, the eight most recent are kept. The cache is used only in a
// folder of this user that nobody else can write, and only a regular file of
// this user is read: a cache someone else can replace could put their words
// into the suggestions `fix` writes.
#pragma once

#include <string>
#include <vector>

#include "tonfall/error.h"
#include "tonfall/rules.h"

namespace tonfall {

// The cache directory: $TONFALL_CACHE_DIR if set (empty: no cache), else
// $XDG_CACHE_HOME/tonfall when that is an absolute path, else
// $HOME/.cache/tonfall; empty if none is known.
std::string pack_cache_directory();

// Loads the packs like load_packs, through the cache. On a miss, the packs
// are loaded from YAML, and when all their patterns compile they are marked
// checked and written to the cache. Errors are those of load_packs; a pattern
// that does not compile is left for Engine::compile to report.
Expected<std::vector<Pack>> load_packs_cached(const std::vector<std::string>& paths);

}  // namespace tonfall
