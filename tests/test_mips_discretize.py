"Known-answer tests for RNN -> FSM discretization: planted affine and ReLU networks, drift removal, shipped networks."
import numpy as np
import pytest
import torch

from mechinterp.mips.discretize import check_fsm, discretize, hidden_with_h0
from mechinterp.mips.rnn import RNN
from mechinterp.mips.tasks import get_task
from test_mips_lattice import planted_sum_last2_rnn

torch.set_num_threads(1)  # tiny models: thread start-up dominates on a small CPU


def test_discretize_planted_sum_last2():
    "A hand-built linear RNN with h_t = B (x_t, x_{t-1}): an integer machine that reproduces the network."
    rnn, _ = planted_sum_last2_rnn()
    task = get_task("Sum_Last2")
    fsm = discretize(rnn, task, n_samples=300)
    assert fsm.kind == "integer" and fsm.conflicts == 0 and fsm.init == (0, 0)
    chk = check_fsm(fsm, rnn, task, n=100)
    assert chk.agree_rnn == 1.0 and chk.agree_task == 1.0


def drifting_rnn(n, bias, g_bias=0.0):
    "Hand-built affine RNN: h' = S h + e_1 x + bias (S the shift, or 1 for n = 1), y = sum(h) + g_bias rounded."
    rnn = RNN(1, n, 1, 1, 1, 1).double()
    W = np.eye(n, k=-1) if n > 1 else np.eye(1)
    with torch.no_grad():
        rnn.f[0].weight[:, :n] = torch.tensor(W); rnn.f[0].weight[:, n:] = 0.0; rnn.f[0].weight[0, n] = 1.0
        rnn.f[0].bias[:] = torch.tensor(bias)
        rnn.g[0].weight[:] = 1.0; rnn.g[0].bias.fill_(g_bias)
    return rnn


@pytest.mark.parametrize("name,n,bias,g_bias", [
    ("Sum_All", 1, [0.07], -0.35),             # W = 1: the offset grows by 0.07 per step, up to 0.7 > 1/2 of a cell
    ("Sum_Last3", 3, [0.3, -0.45, 0.2], 0.0),  # nilpotent W: a bias transient over the first 3 steps
])
def test_discretize_removes_bias_drift(name, n, bias, g_bias):
    "Known answer: h_t = (integer state) + o_t with a time-varying offset o_t that rounding alone gets wrong; drift"
    "removal must recover the integer state exactly (the running sum, or the last n inputs) and a faithful machine."
    task = get_task(name); rnn = drifting_rnn(n, bias, g_bias)
    X, Y = task.sample(300, seed=0)
    assert torch.equal(rnn.predict(X), Y)  # the planted network solves the task despite its drift
    o = np.zeros((task.length + 1, n))
    for t in range(1, task.length + 1): o[t] = (np.eye(n, k=-1) if n > 1 else np.eye(1)) @ o[t - 1] + bias
    H = hidden_with_h0(rnn, X)
    assert np.ptp(o[1:], 0).max() > 0.3  # the offset really changes with time
    fsm = discretize(rnn, task, n_samples=300)
    assert fsm.kind == "integer" and fsm.conflicts == 0 and fsm.init == (0,) * n
    np.testing.assert_allclose(fsm.encoder.info["drift"], o, atol=1e-6)
    K = fsm.encoder.encode((H - o).reshape(-1, n)).reshape(300, -1, fsm.n_state)
    x = X[..., 0].numpy()
    truth = np.cumsum(x, 1) if n == 1 else x  # the running sum, or x_t in one coordinate
    assert any(np.array_equal(np.abs(K[:, 1:, j]), truth) for j in range(fsm.n_state))
    chk = check_fsm(fsm, rnn, task, n=200, seed=7)
    assert chk.agree_rnn == 1.0 and chk.agree_task == 1.0


def test_discretize_keeps_integer_bias_and_removes_only_drift():
    "Known answer: Newton_Gravity as h = (p, v), v' = v + x - 1, p' = p + v', plus a drift of -0.06 per step in p."
    "The -1 (gravity) is an integer multiple of the input column and must stay in the machine; only -0.06 is drift."
    task = get_task("Newton_Gravity")
    rnn = RNN(1, 2, 1, 1, 1, 1).double()
    with torch.no_grad():
        rnn.f[0].weight[:] = torch.tensor([[1.0, 1.0, 1.0], [0.0, 1.0, 1.0]], dtype=torch.float64)
        rnn.f[0].bias[:] = torch.tensor([-1.06, -1.0], dtype=torch.float64)
        rnn.g[0].weight[:] = torch.tensor([[1.0, 0.0]], dtype=torch.float64); rnn.g[0].bias.fill_(0.3)
    X, Y = task.sample(300, seed=0)
    assert torch.equal(rnn.predict(X), Y)
    fsm = discretize(rnn, task, n_samples=300)
    assert fsm.kind == "integer" and fsm.conflicts == 0
    o = np.array(fsm.encoder.info["drift"])
    np.testing.assert_allclose(o[:, 0], -0.06 * np.arange(task.length + 1), atol=1e-9)  # the drift alone
    np.testing.assert_allclose(o[:, 1], 0.0, atol=1e-12)
    chk = check_fsm(fsm, rnn, task, n=200, seed=7)
    assert chk.agree_rnn == 1.0 and chk.agree_task == 1.0



def parity_rnn():
    "A hand-built ReLU RNN for Parity_All: h' = relu(h - x) + relu(x - h) = |h - x|, y = h."
    rnn = RNN(1, 1, 2, 2, 1, 1).double()
    with torch.no_grad():
        rnn.f[0].weight[:] = torch.tensor([[1.0, -1.0], [-1.0, 1.0]]); rnn.f[0].bias.zero_()
        rnn.f[2].weight[:] = torch.tensor([[1.0, 1.0]]); rnn.f[2].bias.zero_()
        rnn.g[0].weight[:] = 1.0; rnn.g[0].bias.zero_()
    return rnn


def test_discretize_boolean_end_to_end():
    task = get_task("Parity_All"); rnn = parity_rnn()
    fsm = discretize(rnn, task, n_samples=200)
    assert fsm.kind == "boolean" and fsm.n_state == 1 and fsm.conflicts == 0 and fsm.init == (0,)
    assert fsm.transitions == {((0,), (0,)): (0,), ((0,), (1,)): (1,), ((1,), (0,)): (1,), ((1,), (1,)): (0,)}
    chk = check_fsm(fsm, rnn, task, n=100)
    assert chk.agree_rnn == 1.0 and chk.agree_task == 1.0 and chk.fallback_steps == 0


# ---------------------------------------------------------------------------------------------------------------
# integration: the architecture search's shipped networks

@pytest.mark.parametrize("name,kind,k,normalized", [
    ("Binary_Addition", "boolean", 2, False),
    ("Parity_Last3", "boolean", 3, False),   # needs refine_clusters: two elongated clusters nearly touch
    ("Sum_Last2", "integer", 2, True),
    ("Sum_Last5", "integer", 5, True),     # keeps a bias outside W's nullspace: needs drift removal
])
def test_shipped_networks_discretize_faithfully(name, kind, k, normalized):
    from mechinterp.mips.rnn import load_shipped, shipped_tasks
    from mechinterp.mips.normalize import normalize
    if name not in shipped_tasks(): pytest.skip(f"{name} is not shipped")
    task, rnn = get_task(name), load_shipped(name)
    if normalized: rnn = normalize(rnn, task.sample(500, seed=0)[0]).rnn
    fsm = discretize(rnn, task, n_samples=500, seed=0)
    assert (fsm.kind, fsm.n_state, fsm.conflicts) == (kind, k, 0)
    chk = check_fsm(fsm, rnn, task, n=200, seed=99)
    assert chk.agree_rnn == 1.0 and chk.agree_task == 1.0





def test_discretize_refuses_unknown_kind():
    with pytest.raises(ValueError, match="kind"): discretize(None, None, kind="bits")
