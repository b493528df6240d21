"Known-answer tests for the Boolean autoencoder: a planted ripple-carry adder comes back as (carry, sum) bits."
import itertools

import numpy as np
from hypothesis import given, settings, strategies as st

from mechinterp.mips.bitcode import boolean_autoencoder
from mechinterp.mips.cluster import cluster_states


def planted_adder(n_seq=200, T=8, seed=0, noise=0.02):
    g = np.random.default_rng(seed)
    X = g.integers(0, 2, (n_seq, T, 2)); S = np.zeros((n_seq, T + 1, 2), int); c = np.zeros(n_seq, int)
    for t in range(T):
        tot = X[:, t, 0] + X[:, t, 1] + c
        S[:, t + 1] = np.stack([tot // 2, tot % 2], 1); c = tot // 2
    H = S @ g.normal(size=(2, 4)) + noise * g.normal(size=(n_seq, T + 1, 4)); H[:, 0] = 0
    return X, S, H


@given(seed=st.integers(0, 10_000))
@settings(deadline=None, max_examples=10)
def test_boolean_autoencoder_finds_ripple_carry_code(seed):
    "Whatever the geometry, the shortest program is the one whose state bits are (carry, sum) in some order."
    X, S, H = planted_adder(seed=seed)
    cl = cluster_states(H.reshape(-1, 4), k=4)
    lab = cl.labels.reshape(H.shape[:2])
    code = boolean_autoencoder(cl, lab[:, :-1].ravel(), lab[:, 1:].ravel(), X.reshape(-1, 2),
                               S[:, 1:, 1].reshape(-1, 1), initial=int(lab[0, 0]))
    assert (code.b, code.n_scored, code.n_total) == (2, 3, 24)  # pruning: 24 assignments -> 3 scored
    bits = code.bits(cl.labels).reshape(*H.shape[:2], 2)
    assert any(np.array_equal(bits[..., list(p)], S) for p in itertools.permutations(range(2)))
