// Masker: finds the regions of a match view that are never linted and never
// rewritten, and blanks them out of the view so that no rule can match there.
//
// Masked are template placeholders ({{name}}, {order_id}, ${x}, %s, %1$d,
// %(name)s, {% tag %}, [Name]), quoted history in replies ("> " lines, the
// "Am ... schrieb ...:" line, everything after "-----Ursprüngliche
// Nachricht-----"), the signature after a "-- " line near the end, and the
// filler bytes (0x1A) by which the extract stage stands in for code and markup.
#pragma once

#include <cstddef>
#include <string>
#include <span>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace tonfall {

struct MaskedRegion {
  enum class Kind { placeholder, quoted, signature, markup };
  std::size_t begin;  // view offsets, half-open
  std::size_t end;
  Kind kind;
};

// The masked regions of `view`, sorted by `begin` and not overlapping.
// `extra_placeholders` (a project's own placeholder patterns, compiled by the
// caller and alive during the call) are masked like the built-in ones.
std::vector<MaskedRegion> find_masked_regions(std::string_view view,
                                              std::span<const re2::RE2* const> extra_placeholders = {});

// Overwrites the bytes of each region in `view`, except line ends, with a
// control character that is neither a letter nor a space, so patterns do not
// match inside a region or treat it as the gap between two words. The length
// of `view` does not change, so offsets stay valid.
void blank_masked_regions(std::string& view, const std::vector<MaskedRegion>& regions);

// True if [begin, end) shares at least one byte with a region. `regions` must
// be sorted as returned by find_masked_regions.
bool overlaps_masked_region(const std::vector<MaskedRegion>& regions, std::size_t begin,
                            std::size_t end);

}  // namespace tonfall
