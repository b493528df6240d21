import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("WANDB_MODE", "disabled")

import pytest


@pytest.fixture(autouse=True)
def _seed():
    from mechinterp.core import seed_everything
    seed_everything(0)
