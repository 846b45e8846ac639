# Regenerates the .npy fixtures of NpyReaderTest / NpyWriterTest with numpy (run: python3 make_fixtures.py).
import numpy as np
from numpy.lib import format as npf

m = np.arange(12, dtype=np.float32).reshape(3, 4) / np.float32(8) - np.float32(0.7)
np.save("matrix_f4.npy", m)
with open("matrix_f4_v2.npy", "wb") as f:
    npf.write_array(f, m, version=(2, 0))
np.save("vector_f4.npy", np.array([1.5, -2.25, 3e-8], dtype=np.float32))
np.save("labels_i4.npy", np.array([0, 3, 1, 2], dtype=np.int32))
np.save("labels_i8.npy", np.array([2, 0, 1], dtype=np.int64))
np.save("big_labels_i8.npy", np.array([1, 2**40], dtype=np.int64))
np.save("matrix_f8.npy", m.astype(np.float64))
np.save("matrix_big_endian.npy", m.astype(">f4"))
np.save("matrix_fortran.npy", np.asfortranarray(m))
np.save("matrix_nan.npy", np.array([[1, np.nan], [2, 3]], dtype=np.float32))
with open("matrix_truncated.npy", "wb") as f:
    f.write(open("matrix_f4.npy", "rb").read()[:-5])
with open("not_npy.npy", "wb") as f:
    f.write(b"PK\x03\x04 this is a zip, not a npy file")
