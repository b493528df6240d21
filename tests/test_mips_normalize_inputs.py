"Bad input to mechinterp.mips.normalize: each call gets the package's own error, naming the argument."
import numpy as np
import pytest
import torch

from mechinterp.mips.normalize import (collect_hidden, debias, f_is_linear, hidden_size, jordan_normal_form,
                                       jordan_normalize, linearized_f, normalize, plot_rnn_weights, quantize,
                                       toeplitz_normalize, transform_hidden, whiten)
from mechinterp.mips.rnn import RNN

NAN = float("nan")
torch.manual_seed(0)
NET = RNN(1, 2, 4, 1, 4, 2)
X = torch.randint(0, 2, (5, 6, 1))
X_NAN = X.float(); X_NAN[0, 0, 0] = NAN

CASES = [
    ("jnf-empty", lambda: jordan_normal_form(np.zeros((0, 0))), ValueError, "W is empty"),
    ("jnf-nan", lambda: jordan_normal_form(np.full((2, 2), NAN)), ValueError, "W contains"),
    ("jnf-none", lambda: jordan_normal_form(None), TypeError, "W must be"),
    ("jnf-not-square", lambda: jordan_normal_form(np.ones((2, 3))), ValueError, "W must be a square"),
    ("jnf-vector", lambda: jordan_normal_form(np.ones(3)), ValueError, "W must have 2"),
    ("jnf-complex", lambda: jordan_normal_form(np.eye(2) * 1j), TypeError, "W must be real"),
    ("jnf-eps-zero", lambda: jordan_normal_form(np.eye(2), eps=0), ValueError, "eps"),
    ("jnf-eps-nan", lambda: jordan_normal_form(np.eye(2), eps=NAN), ValueError, "eps"),
    ("whiten-empty", lambda: whiten(NET, X[:0]), ValueError, "X is empty"),
    ("whiten-nan", lambda: whiten(NET, X_NAN), ValueError, "X contains"),
    ("whiten-eps-negative", lambda: whiten(NET, X, eps=-1), ValueError, "eps"),
    ("whiten-eps-zero", lambda: whiten(NET, X, eps=0), ValueError, "eps"),
    ("collect-empty", lambda: collect_hidden(NET, X[:0]), ValueError, "X is empty"),
    ("collect-2d", lambda: collect_hidden(NET, X[..., 0]), ValueError, "X must have 3"),
    ("transform-nan", lambda: transform_hidden(NET, np.full((2, 2), NAN)), ValueError, "A contains"),
    ("transform-shape", lambda: transform_hidden(NET, np.eye(3)), ValueError, "A must have shape (2, 2)"),
    ("transform-none", lambda: transform_hidden(NET, None), TypeError, "A must be"),
    ("transform-singular", lambda: transform_hidden(NET, np.zeros((2, 2))), ValueError, "singular"),
    ("transform-inverse-shape", lambda: transform_hidden(NET, np.eye(2), A_inv=np.eye(3)), ValueError, "A_inv"),
    ("jordan-normalize-eps", lambda: jordan_normalize(NET, eps=0), ValueError, "eps"),
    ("jordan-normalize-min-eps", lambda: jordan_normalize(NET, min_eps=-1), ValueError, "min_eps"),
    ("jordan-normalize-max-cond", lambda: jordan_normalize(NET, max_cond=NAN), ValueError, "max_cond"),
    ("toeplitz-eps", lambda: toeplitz_normalize(NET, eps=NAN), ValueError, "eps"),
    ("toeplitz-jnf-eps", lambda: toeplitz_normalize(NET, jnf_eps=0), ValueError, "jnf_eps"),
    ("debias-eps", lambda: debias(NET, eps=-1), ValueError, "eps"),
    ("quantize-eps-nan", lambda: quantize(NET, eps=NAN), ValueError, "eps"),
    ("quantize-eps-negative", lambda: quantize(NET, eps=-1), ValueError, "eps"),
    ("quantize-eps-half", lambda: quantize(NET, eps=0.5), ValueError, "eps"),
    ("normalize-nan", lambda: normalize(NET, X_NAN), ValueError, "X contains"),
    ("normalize-empty", lambda: normalize(NET, X[:0]), ValueError, "X is empty"),
    ("normalize-steps-unknown", lambda: normalize(NET, X, steps=("bogus",)), ValueError, "steps"),
    ("normalize-steps-string", lambda: normalize(NET, X, steps="whiten"), TypeError, "steps"),
    ("normalize-eps", lambda: normalize(NET, X, whiten_eps=NAN), ValueError, "whiten_eps"),
    ("normalize-quant-eps", lambda: normalize(NET, X, quant_eps=2), ValueError, "quant_eps"),
    ("normalize-none", lambda: normalize(None, X), TypeError, "rnn must be"),
    ("hidden-size-none", lambda: hidden_size(None), TypeError, "rnn must be"),
    ("f-is-linear-linear", lambda: f_is_linear(torch.nn.Linear(2, 2)), TypeError, "rnn must be"),
    ("linearized-none", lambda: linearized_f(None), TypeError, "rnn must be"),
    ("plot-none", lambda: plot_rnn_weights(None), TypeError, "rnn must be"),
]


@pytest.mark.parametrize("call,exc,name", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(call, exc, name, refused):
    refused(call, exc, name)


def test_step_names_forgive_case():
    res = normalize(NET, X, steps=("Quantize",))
    assert [s.name for s in res.steps] == ["quantize"]
