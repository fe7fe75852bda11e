#ifndef ASDS_CHDF5_SHIM_H
#define ASDS_CHDF5_SHIM_H
// HDF5's type, property-list and access-flag constants are macros that call H5open() and do not
// import into Swift; these getters expose them as functions.
#include <hdf5.h>

static inline hid_t asds_h5t_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t asds_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t asds_h5t_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t asds_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t asds_h5t_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t asds_h5t_ieee_f64le(void) { return H5T_IEEE_F64LE; }
static inline hid_t asds_h5t_ieee_f32le(void) { return H5T_IEEE_F32LE; }
static inline hid_t asds_h5t_std_i32le(void) { return H5T_STD_I32LE; }
static inline hid_t asds_h5t_std_i64le(void) { return H5T_STD_I64LE; }
static inline hid_t asds_h5t_std_u8le(void) { return H5T_STD_U8LE; }
static inline hid_t asds_h5t_c_s1(void) { return H5T_C_S1; }
static inline hid_t asds_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t asds_h5p_file_create(void) { return H5P_FILE_CREATE; }
static inline hid_t asds_h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t asds_h5p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t asds_h5p_group_create(void) { return H5P_GROUP_CREATE; }
static inline hid_t asds_h5p_object_create(void) { return H5P_OBJECT_CREATE; }
static inline hid_t asds_h5s_all(void) { return H5S_ALL; }
static inline hid_t asds_h5e_default(void) { return H5E_DEFAULT; }
static inline unsigned asds_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned asds_h5f_acc_excl(void) { return H5F_ACC_EXCL; }
static inline unsigned asds_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned asds_h5f_acc_rdwr(void) { return H5F_ACC_RDWR; }
static inline size_t asds_h5t_variable(void) { return H5T_VARIABLE; }

/// A file-access property list with HDF5's file locking off (close it with H5Pclose). HDF5 1.10
/// takes flock() locks on the file's open file description; a child process started while a file
/// is open inherits that description and its lock, so a later open of the same file in this
/// process fails until the child exits. ASDS never shares a file being written (it writes to a
/// temporary name and renames), so the locks protect nothing here.
static inline hid_t asds_h5p_file_access_unlocked(void) {
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl >= 0) H5Pset_file_locking(fapl, 0, 1);
    return fapl;
}

/// Silences HDF5's own error-stack printing: the Swift layer reports errors itself.
static inline void asds_h5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
#endif
