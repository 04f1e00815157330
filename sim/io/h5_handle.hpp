#pragma once
// Internal to sim/io (the only headers that include <hdf5.h>): ownership of HDF5
// identifiers and the translation of every HDF5 failure into an IoError. HDF5 reports
// failure through negative return values and a per-library error stack; here a failure
// becomes an exception whose message names the object and keeps HDF5's own explanation.
//
// The serial HDF5 library is not thread-safe: all io objects must be used from one thread
// at a time (the experiment layer writes results after the replicates have joined).
#include <hdf5.h>

#include <string>

namespace spipsim::io {

// Owns one HDF5 identifier and releases it with the matching H5?close function.
class H5Handle {
 public:
  using Closer = herr_t (*)(hid_t);

  H5Handle() = default;
  H5Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  H5Handle(H5Handle&& other) noexcept;
  H5Handle& operator=(H5Handle&& other) noexcept;
  H5Handle(const H5Handle&) = delete;
  H5Handle& operator=(const H5Handle&) = delete;
  ~H5Handle() { close(); }

  hid_t get() const { return id_; }

  // Releases the identifier now and returns HDF5's verdict; write errors that HDF5 caches
  // defer (a full disk, say) can first appear here, so writers must check it.
  bool close();

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// Called by every io entry point before any other HDF5 call. Stops HDF5 from printing its
// error stack on stderr (IoError messages replace it) and from cleaning up at exit: when
// closing a file fails (a full disk), HDF5 1.10 keeps a dangling file identifier that its
// exit-time cleanup would dereference, turning a reported error into a crash. Files are
// closed by their owners, so the exit-time cleanup has nothing else to do.
void prepare_hdf5();

// Throws IoError "<what>: <HDF5's explanation>", adding what to do when the cause is a full
// disk, an exhausted quota or a file-size limit. Clears the HDF5 error stack.
[[noreturn]] void throw_hdf5_error(const std::string& what);

// Returns a handle owning `id`, or throws via throw_hdf5_error when `id` is negative.
H5Handle checked(hid_t id, H5Handle::Closer closer, const std::string& what);

// Throws via throw_hdf5_error when an HDF5 status (herr_t or htri_t) is negative.
void check(herr_t status, const std::string& what);

// Whether the existing object at `path` is a group (rather than a dataset).
bool is_group(hid_t location, const std::string& path);

// The HDF5 type of variable-length UTF-8 strings, which h5py reads as str.
H5Handle utf8_string_type();

}  // namespace spipsim::io
