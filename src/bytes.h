// Arrays of plain values as bytes, for the pack cache: a count, then the
// values as they lie in memory (the cache is read by the same build).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace tonfall::bytes {

template <typename T>
void append_array(std::string& out, const T* data, std::size_t count) {
  static_assert(std::is_trivially_copyable_v<T>);
  const std::uint64_t n = count;
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
  out.append(reinterpret_cast<const char*>(data), count * sizeof(T));
}

template <typename T>
void append_array(std::string& out, const std::vector<T>& values) {
  append_array(out, values.data(), values.size());
}

// Reads what append_array wrote from the front of `in`; false when `in` is
// too short for it.
template <typename T>
bool read_array(std::string_view& in, std::vector<T>& out) {
  static_assert(std::is_trivially_copyable_v<T>);
  std::uint64_t n = 0;
  if (in.size() < sizeof n) return false;
  std::memcpy(&n, in.data(), sizeof n);
  in.remove_prefix(sizeof n);
  if (n > in.size() / sizeof(T)) return false;
  out.resize(n);
  if (n > 0) std::memcpy(out.data(), in.data(), n * sizeof(T));
  in.remove_prefix(n * sizeof(T));
  return true;
}

}  // namespace tonfall::bytes
