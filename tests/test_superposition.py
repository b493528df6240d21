"δ-orthogonality and the greedy packing of Theorem 1 (mechinterp.superposition)."
import pytest
import torch
from hypothesis import given, settings, strategies as st

from mechinterp.superposition import delta_orthogonal_packing, delta_orthogonality


@settings(deadline=None, max_examples=20)
@given(seed=st.integers(0, 10_000), k1=st.integers(1, 3), k2=st.integers(1, 3))
def test_delta_orthogonality_properties(seed, k1, k2):
    g = torch.Generator().manual_seed(seed)
    A, B = torch.randn(6, k1, generator=g, dtype=torch.float64), torch.randn(6, k2, generator=g, dtype=torch.float64)
    d = delta_orthogonality(A, B)
    assert 0 <= d <= 1 and d == pytest.approx(delta_orthogonality(B, A), abs=1e-9)
    M = torch.randn(k1, k1, generator=g, dtype=torch.float64) + 3 * torch.eye(k1, dtype=torch.float64)
    assert delta_orthogonality(A @ M, B) == pytest.approx(d, abs=1e-7)          # only the column space matters
    # brute force: random unit vectors from the two spaces never beat it
    u = torch.nn.functional.normalize(torch.randn(2000, k1, generator=g, dtype=torch.float64) @ A.T, dim=1)
    v = torch.nn.functional.normalize(torch.randn(2000, k2, generator=g, dtype=torch.float64) @ B.T, dim=1)
    assert float((u * v).sum(1).abs().max()) <= d + 1e-9


def test_packing_grows_with_d():
    small = delta_orthogonal_packing(6, 2, 0.5, patience=60, max_count=300)
    large = delta_orthogonal_packing(20, 2, 0.5, patience=60, max_count=300)
    assert large.count > small.count >= 1
    with pytest.raises(ValueError, match="d_max"):
        delta_orthogonal_packing(3, 4, 0.5)
