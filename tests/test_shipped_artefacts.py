"""Every shipped artefact stores the settings that made it, and those are the settings of the command that remakes it."""
import dataclasses

from mechinterp.core import data_path, load_json


def test_calendar_lm_recipe_is_the_commands_default():
    from mechinterp.calendar import CalendarLMConfig, load_calendar_lm, weights_sha256
    stored = load_json(data_path("calendar_lm", "config.json"))
    # `mechinterp train-calendar-lm` trains CalendarLMConfig(): its defaults are the shipped recipe (fields added since
    # the model was trained default to what it was trained with)
    assert CalendarLMConfig(**stored["recipe"]) == CalendarLMConfig()
    assert weights_sha256(load_calendar_lm(device="cpu")) == stored["weights_sha256"]   # the weights it describes


def test_calendar_sae_settings_are_the_commands_default():
    from mechinterp.sae import CalendarSAEConfig
    stored = load_json(data_path("calendar_sae", "training.json"))
    assert stored["retrain"] == "mechinterp train-calendar-sae"
    assert stored["settings"] == dataclasses.asdict(CalendarSAEConfig())
    cfg = load_json(data_path("calendar_sae", "cfg.json"))
    assert cfg["metadata"]["hook_name"] == CalendarSAEConfig().hook_name
