// Arrays of plain values as bytes, for the pack cache: a count, then the
// values as they lie in memory (the cache is read by the same build), padded
// to eight bytes so that the next array stays aligned. Arrays are read in
// place: a process that loads megabytes of tables at every start should not
// copy them.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace tonfall::bytes {

inline constexpr std::size_t kAlignment = 8;

template <typename T>
void append_array(std::string& out, const T* data, std::size_t count) {
  static_assert(std::is_trivially_copyable_v<T> && alignof(T) <= kAlignment);
  const std::uint64_t n = count;
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
  out.append(reinterpret_cast<const char*>(data), count * sizeof(T));
  out.append((kAlignment - out.size() % kAlignment) % kAlignment, '\0');
}

template <typename T>
void append_array(std::string& out, const std::vector<T>& values) {
  append_array(out, values.data(), values.size());
}

// An array that a table either owns (built in this process) or reads in
// place (from bytes its owner keeps alive). Moves keep it valid; copies are
// not needed.
template <typename T>
class Array {
 public:
  Array() = default;
  explicit Array(std::vector<T> values) : owned_(std::move(values)), values_(owned_) {}
  explicit Array(std::span<const T> values) : values_(values) {}
  Array(Array&&) noexcept = default;
  Array& operator=(Array&&) noexcept = default;

  const T& operator[](std::size_t k) const { return values_[k]; }
  const T* data() const { return values_.data(); }
  std::size_t size() const { return values_.size(); }
  bool empty() const { return values_.empty(); }
  auto begin() const { return values_.begin(); }
  auto end() const { return values_.end(); }
  const T& front() const { return values_.front(); }
  const T& back() const { return values_.back(); }

 private:
  std::vector<T> owned_;  // a moved vector keeps its buffer, so values_ stays valid
  std::span<const T> values_;
};

template <typename T>
void append_array(std::string& out, const Array<T>& values) {
  append_array(out, values.data(), values.size());
}

// Reads what append_array wrote from the front of `in`, in place; false when
// `in` is too short for it or not aligned for T.
template <typename T>
bool read_array(std::string_view& in, std::span<const T>& out) {
  static_assert(std::is_trivially_copyable_v<T> && alignof(T) <= kAlignment);
  std::uint64_t n = 0;
  if (in.size() < sizeof n || reinterpret_cast<std::uintptr_t>(in.data()) % kAlignment != 0) return false;
  std::memcpy(&n, in.data(), sizeof n);
  in.remove_prefix(sizeof n);
  if (n > in.size() / sizeof(T)) return false;
  const std::size_t padded = (n * sizeof(T) + kAlignment - 1) / kAlignment * kAlignment;
  if (padded > in.size()) return false;
  out = {reinterpret_cast<const T*>(in.data()), static_cast<std::size_t>(n)};
  in.remove_prefix(padded);
  return true;
}

template <typename T>
bool read_array(std::string_view& in, Array<T>& out) {
  std::span<const T> values;
  if (!read_array(in, values)) return false;
  out = Array<T>(values);
  return true;
}

}  // namespace tonfall::bytes
