"Bad input across chapters that once returned garbage silently: now the project's own error, naming the argument."
import numpy as np
import pytest
import torch

from mechinterp.calendar import CalendarLMConfig, calendar_corpus
from mechinterp.interventions import circle
from mechinterp.mips.tasks import get_task

TASK = get_task("Sum_Last2")
CASES = [
    ("calendar_corpus-negative", lambda: calendar_corpus(-3), ValueError, "n must be"),
    ("lm-config-negative-width", lambda: CalendarLMConfig(d_model=-8), ValueError, "d_model"),
    ("lm-config-zero-layers", lambda: CalendarLMConfig(n_layers=0), ValueError, "n_layers"),
    ("circle-period-zero", lambda: circle(torch.arange(3), 0), ValueError, "p must be"),
    ("task-outputs-nan", lambda: TASK.outputs(np.full((2, 4, 1), np.nan)), ValueError, "X must hold whole"),
    ("task-outputs-fraction", lambda: TASK.outputs(np.full((2, 4, 1), 0.5)), ValueError, "X must hold whole"),
]


@pytest.mark.parametrize("call,exc,name", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(call, exc, name, refused):
    refused(call, exc, name)
