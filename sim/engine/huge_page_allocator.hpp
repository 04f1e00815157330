#pragma once
// An allocator for the large arrays a run reads at random (each site's person rows): blocks of
// 1 MiB and more are aligned on 2 MiB and marked for transparent huge pages
// (madvise(MADV_HUGEPAGE); Debian's default, "madvise", gives them only where asked). A row
// that misses every cache then also misses the TLB far less often: one 2 MiB page maps what
// 512 small pages did. Measured on the national baseline (bench/README.md, session 7).
// Smaller blocks, and systems without the call, get ordinary memory; the values stored do not
// depend on it, so results are the same bit for bit.
#include <cstddef>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace spipsim::engine {

inline constexpr std::size_t kHugePageBytes = std::size_t(2) << 20;

// MinAlignment: the alignment of small blocks.
template <class T, std::size_t MinAlignment = alignof(T)>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  struct rebind {
    using other = HugePageAllocator<U, MinAlignment>;
  };
  template <class U>
  HugePageAllocator(const HugePageAllocator<U, MinAlignment>&) noexcept {}

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (!huge(bytes)) return static_cast<T*>(::operator new(bytes, small_alignment()));
    const std::size_t rounded = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
    void* p = ::operator new(rounded, std::align_val_t{kHugePageBytes});
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    madvise(p, rounded, MADV_HUGEPAGE);  // a hint: refused, the memory is still good
#endif
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (huge(n * sizeof(T)))
      ::operator delete(p, std::align_val_t{kHugePageBytes});
    else
      ::operator delete(p, small_alignment());
  }
  friend bool operator==(const HugePageAllocator&, const HugePageAllocator&) { return true; }

 private:
  static constexpr bool huge(std::size_t bytes) { return bytes >= kHugePageBytes / 2; }
  static constexpr std::align_val_t small_alignment() {
    constexpr std::size_t wanted = MinAlignment > alignof(T) ? MinAlignment : alignof(T);
    return std::align_val_t{wanted > __STDCPP_DEFAULT_NEW_ALIGNMENT__ ? wanted
                                                                     : __STDCPP_DEFAULT_NEW_ALIGNMENT__};
  }
};

}  // namespace spipsim::engine
