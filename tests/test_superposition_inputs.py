"Bad input to mechinterp.superposition: each call gets the package's own error, naming the argument."
import pytest
import torch

from mechinterp.superposition import delta_orthogonal_packing, delta_orthogonality

NAN = float("nan")
E = torch.eye(4)

CASES = [
    ("A1-none", lambda: delta_orthogonality(None, E), TypeError, "A1"),
    ("A2-none", lambda: delta_orthogonality(E, None), TypeError, "A2"),
    ("A1-nan", lambda: delta_orthogonality(E * NAN, E), ValueError, "A1 contains"),
    ("A2-inf", lambda: delta_orthogonality(E, E / 0), ValueError, "A2 contains"),
    ("A1-vector", lambda: delta_orthogonality(torch.ones(4), E), ValueError, "A1 must have 2"),
    ("A1-no-columns", lambda: delta_orthogonality(torch.zeros(4, 0), E), ValueError, "A1 is empty"),
    ("A2-zero", lambda: delta_orthogonality(E, torch.zeros(4, 2)), ValueError, "A2 is zero"),
    ("A-spaces-differ", lambda: delta_orthogonality(E, torch.eye(3)), ValueError, "A1 and A2"),
    ("A1-complex", lambda: delta_orthogonality(E.to(torch.complex64), E), TypeError, "A1 must hold real"),
    ("A1-strings", lambda: delta_orthogonality([["a"]], E), TypeError, "A1 holds strings"),
    ("d-zero", lambda: delta_orthogonal_packing(0, 1, 0.5), ValueError, "d must"),
    ("d-none", lambda: delta_orthogonal_packing(None, 1, 0.5), TypeError, "d must"),
    ("d-fraction", lambda: delta_orthogonal_packing(4.5, 1, 0.5), TypeError, "d must"),
    ("d_max-zero", lambda: delta_orthogonal_packing(4, 0, 0.5), ValueError, "d_max"),
    ("d_max-too-big", lambda: delta_orthogonal_packing(3, 4, 0.5), ValueError, "d_max"),
    ("delta-zero", lambda: delta_orthogonal_packing(4, 1, 0.0), ValueError, "delta"),
    ("delta-one", lambda: delta_orthogonal_packing(4, 1, 1.0), ValueError, "delta"),
    ("delta-nan", lambda: delta_orthogonal_packing(4, 1, NAN), ValueError, "delta"),
    ("delta-none", lambda: delta_orthogonal_packing(4, 1, None), TypeError, "delta"),
    ("patience-zero", lambda: delta_orthogonal_packing(4, 1, 0.5, patience=0), ValueError, "patience"),
    ("max_count-negative", lambda: delta_orthogonal_packing(4, 1, 0.5, max_count=-1), ValueError, "max_count"),
    ("seed-negative", lambda: delta_orthogonal_packing(4, 1, 0.5, seed=-1), ValueError, "seed"),
    ("device", lambda: delta_orthogonal_packing(4, 1, 0.5, device="tpu"), ValueError, "device"),
]


@pytest.mark.parametrize("call,exc,name", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(call, exc, name, refused):
    refused(call, exc, name)


def test_small_valid_values_are_used():
    "max_count=1 and patience=1 are values, not defaults."
    r = delta_orthogonal_packing(8, 1, 0.9, patience=1, max_count=1)
    assert r.count == 1 and r.capped
