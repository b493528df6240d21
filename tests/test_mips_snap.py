"Snapping a linear RNN's recurrence to an integer one: known answers, a property, refusals, and the pipeline fallback."
from dataclasses import replace

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st, HealthCheck

from mechinterp.mips import Task
from mechinterp.mips.rnn import RNN
from mechinterp.mips.pipeline import is_linear_rnn, snap_linear_rnn, synthesize

torch.set_num_threads(1)


def accumulate_twice(s):
    out, v, p = [], 0, 0
    for x in s:
        v += x; p += v; out.append(p)
    return out


def linear_rnn(W, V, b, U, c, **kw):
    "A linear RNN (d_f = d_g = 1) with the given weights, float64."
    W, V, U = np.atleast_2d(W), np.atleast_2d(V), np.atleast_2d(U)
    net = RNN(V.shape[1], len(W), 1, 1, 1, 1, n_outputs=len(U), **kw).double()
    with torch.no_grad():
        net.f[0].weight.copy_(torch.tensor(np.concatenate([W, V], 1), dtype=torch.float64))
        net.f[0].bias.copy_(torch.tensor(b, dtype=torch.float64))
        net.g[0].weight.copy_(torch.tensor(U, dtype=torch.float64)); net.g[0].bias.copy_(torch.tensor(c, dtype=torch.float64))
    return net


def exact(net, task, length, seed=0):
    X, Y = replace(task, length=length).sample(1000, seed=seed)
    return torch.equal(net.predict(X), Y)


# the network the architecture search found for Accumulate_Twice at length 8 (inputs 0..2): modes 1.149 and 0.711
SEARCHED = dict(W=[[0.9913100004196167, -0.04068053141236305], [-1.0880019664764404, 0.8681972622871399]],
                V=[[-1.4337388277053833], [0.5320990085601807]], b=[0.03905228525400162, 0.18790021538734436],
                U=[[-0.3663288354873657, 0.7497946619987488]], c=[-0.1870262771844864])
ACC2 = Task("Accumulate_Twice", accumulate_twice, n_inputs=1, low=0, high=2, length=8)


def test_two_modes_snap_to_the_jordan_block_of_a_double_sum():
    "5.5·1.1^j − 4.5·0.9^j ≈ j + 1 for a few steps: right at length 5, wrong at 10; snapped: (λ − 1)², right at both."
    task = Task("Accumulate_Twice_Short", accumulate_twice, n_inputs=1, low=0, high=2, length=5)
    net = linear_rnn([[1.1, 0], [0, 0.9]], [[1], [1]], [0, 0], [[5.5, -4.5]], [0])
    assert exact(net, task, 5) and not exact(net, task, 10)
    sn = snap_linear_rnn(net, task)
    assert sn.poly == (1, -2, 1) and sn.lengths == (5, 10)
    assert exact(sn.rnn, task, 10) and exact(sn.rnn, task, 50)
    W = sn.rnn.f[0].weight.detach().numpy()
    assert np.array_equal(W, np.round(W))  # integer weights


def test_searched_network_snaps_and_the_pipeline_then_solves_it():
    "The pipeline gave no program from the searched network; its snapped recurrence gives v' = v + x, p' = p + v."
    net = linear_rnn(**SEARCHED)
    assert exact(net, ACC2, 8) and not exact(net, ACC2, 16)
    syn = synthesize(ACC2, rnn=net, n_train=300, n_test=300, length_factors=(2,))
    assert syn.solved and syn.verified, (syn.failure, syn.notes)
    assert syn.lengths == {8: "proved", 16: "proved"}
    assert "next_a = a + c" in syn.source and "next_b = a + b" in syn.source, syn.source
    assert "which gave no exact program" in syn.notes[0] and "λ^2 - 2λ + 1" in syn.notes[0]


def test_no_integer_recurrence_is_reported_not_invented():
    "y = round(x · 1.5^t) style growth has no integer recurrence that is exact twice as long: rnn is None."
    task = Task("Geometric", lambda s: [int(np.floor(x * 1.5 ** i)) for i, x in enumerate(s)], n_inputs=1, low=0, high=1,
                length=4, vectorized=False)
    net = linear_rnn([[1.5]], [[1.0]], [0.0], [[1.0]], [0.0])
    sn = snap_linear_rnn(net, task)
    assert sn.rnn is None and sn.tried >= 1 and "no integer recurrence" in sn.detail


@settings(deadline=None, max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), roots=st.lists(st.sampled_from([1, 0, -1]), min_size=1, max_size=3),
       noise=st.floats(0.0, 0.02))
def test_integer_recurrences_in_a_random_basis_are_recovered(seed, roots, noise):
    "An integer linear machine seen through a random change of basis (and slightly off) snaps back to an exact one."
    rng = np.random.default_rng(seed)
    d = len(roots)
    poly = np.rint(np.poly(roots)).astype(int)
    Wc = np.zeros((d, d)); Wc[:, 0] = -poly[1:]; Wc[np.arange(d - 1), np.arange(1, d)] = 1
    V, b = rng.integers(-2, 3, (d, 1)).astype(float), rng.integers(-1, 2, d).astype(float)
    U, c = np.eye(d)[:1], rng.integers(-3, 4, 1).astype(float)
    A = rng.normal(size=(d, d)) + 2 * np.eye(d)
    Ai = np.linalg.inv(A)
    W = A @ (Wc + noise * np.diag(rng.uniform(-1, 1, d))) @ Ai
    net = linear_rnn(W, A @ V, A @ b, U @ Ai, c)
    ref = linear_rnn(Wc, V, b, U, c)
    task = Task("Planted", lambda s: ref.predict(torch.tensor(s)[None, :, None])[0].tolist(), n_inputs=1, low=0, high=2,
                length=6, vectorized=False)
    sn = snap_linear_rnn(net, task, n_fit=300, n_check=300)
    assert sn.rnn is not None, sn.detail
    long = replace(task, length=18)
    X, Y = long.sample(200, seed=seed)
    assert torch.equal(sn.rnn.predict(X), Y)


def test_refusals(refused):
    nonlinear = RNN(1, 1, 2, 2, 1, 1)
    refused(lambda: snap_linear_rnn(nonlinear, "Parity_All"), ValueError, "linear RNN")
    net = linear_rnn(**SEARCHED)
    refused(lambda: snap_linear_rnn(net, ACC2, factor=1), ValueError, "factor")
    refused(lambda: snap_linear_rnn(net, ACC2, n_fit=0), ValueError, "n_fit")
    refused(lambda: snap_linear_rnn(net, "Binary_Addition"), ValueError, "input")  # two inputs, the RNN reads one
    refused(lambda: snap_linear_rnn("net", ACC2), TypeError, "rnn")
    refused(lambda: synthesize(ACC2, rnn=net, snap="yes"), TypeError, "snap")
    assert is_linear_rnn(net) and not is_linear_rnn(nonlinear)



def accumulate_thrice(s):
    out, v, p, q = [], 0, 0, 0
    for x in s:
        v += x; p += v; q += p; out.append(q)
    return out


# the network the architecture search found for Accumulate_Thrice at length 8 (inputs 0..1): 2 states for a 3-block
SEARCHED3 = dict(W=[[1.2299026250839233, 0.031195899471640587], [-1.235440731048584, 1.1231615543365479]],
                 V=[[-1.884997844696045], [0.46378293633461]], b=[-0.0003899643197655678, -0.007026749197393656],
                 U=[[-0.18440450727939606, 0.929267406463623]], c=[0.061009977012872696])
ACC3 = Task("Accumulate_Thrice", accumulate_thrice, n_inputs=1, low=0, high=1, length=8)


def test_fewer_modes_than_the_block_snap_to_the_larger_block_and_the_pipeline_solves_it():
    "Modes 1.18 ± 0.19i imitate (λ − 1)³ for 8 steps: no degree-2 candidate is exact, (λ − 1)³ is, and gives a program."
    net = linear_rnn(**SEARCHED3)
    assert exact(net, ACC3, 8) and not exact(net, ACC3, 16)
    sn = snap_linear_rnn(net, ACC3)
    assert sn.poly == (1, -3, 3, -1) and exact(sn.rnn, ACC3, 16) and exact(sn.rnn, ACC3, 40)
    off = synthesize(ACC3, rnn=net, snap=False, length_factors=())
    assert not off.solved
    on = synthesize(ACC3, rnn=net, length_factors=(2,))
    assert on.solved and on.verified and on.lengths.get(16) == "proved", on
