"""Rubric configuration from TOML: overrides that apply, and mistakes that are reported."""

from __future__ import annotations

import pytest

from repro_audit.scoring import (
    DEFAULT_CONFIG,
    RUBRIC,
    RubricConfigError,
    Thresholds,
    config_from_toml,
    score_repository,
)
from repro_audit.scoring.config import config_from_pyproject
from tests.scoring.facts import NOW, PAPER, facts


def test_defaults_are_the_published_rubric() -> None:
    assert DEFAULT_CONFIG.rubric == RUBRIC
    assert DEFAULT_CONFIG.thresholds == Thresholds()
    assert DEFAULT_CONFIG.version == "1.2"


def test_weights_and_thresholds_from_a_config_file() -> None:
    config = config_from_toml(
        "[weights]\ncommunity = 0\npretrained = 12.5\n\n[thresholds]\nstar-cap = 500\n",
        "rubric.toml",
    )
    weights = {c.id: c.weight for c in config.rubric}
    assert "community" not in weights  # weight 0 leaves it out
    assert weights["pretrained"] == 12.5 and weights["licence"] == 7
    assert config.thresholds == Thresholds(star_cap=500)
    assert (config.version, config.source) == ("1.2+custom", "rubric.toml")


def test_pyproject_section() -> None:
    text = '[project]\nname = "x"\n\n[tool.repro-audit.thresholds]\nreadme_min_chars = 900\n'
    config = config_from_pyproject(text)
    assert config.thresholds.readme_min_chars == 900 and config.rubric == RUBRIC
    assert config_from_toml(text, "pyproject.toml").thresholds.readme_min_chars == 900


def test_pyproject_without_a_section_keeps_the_defaults() -> None:
    assert config_from_pyproject('[project]\nname = "x"\n') is DEFAULT_CONFIG


def test_settings_equal_to_the_defaults_are_not_custom() -> None:
    config = config_from_toml("[weights]\nlicence = 7\n[thresholds]\nstar_cap = 100\n", "r.toml")
    assert config.version == "1.2"


def test_configured_thresholds_reach_the_criteria() -> None:
    config = config_from_toml("[thresholds]\nstar_cap = 1000\nfork_cap = 1000\n", "r.toml")
    plain = score_repository(facts(), DEFAULT_CONFIG.context(NOW, PAPER), DEFAULT_CONFIG.rubric)
    strict = score_repository(facts(), config.context(NOW, PAPER), config.rubric)
    community = next(f for f in strict.findings if f.criterion == "community")
    assert community.verdict.value == "partial" and "full credit at 1000 stars" in community.reason
    assert strict.value is not None and plain.value == 100 and strict.value < 100
    assert strict.rubric_version == "1.2+custom"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[weights\n", "r.toml: not valid TOML"),
        ("[weights]\nlicense = 3\n", "unknown criterion 'license' (known: availability,"),
        ("[weights]\nlicence = -1\n", "[weights].licence must be within 0..1000"),
        ("[weights]\nlicence = true\n", "[weights].licence must be a number, got True"),
        ('[weights]\nlicence = "ten"\n', "must be a number, got 'ten'"),
        ("weights = 3\n", "[weights] must be a table"),
        ("[thresholds]\nstar_caps = 3\n", "unknown threshold 'star_caps' (known: active_window"),
        ("[thresholds]\nstar_cap = 2.5\n", "[thresholds].star_cap must be a whole number"),
        ("[thresholds]\npinned_share = 2\n", "pinned_share must be within (0, 1]"),
        ("[thresholds]\nactive_window_days = 900\nstale_window_days = 10\n", "must not be shorter"),
        ("[scores]\na = 1\n", "unknown setting [scores] (known: weights, thresholds)"),
        ('[project]\nname = "x"\n', "r.toml: no [tool.repro-audit] table"),
        (
            "[weights]\n" + "".join(f"{c.id} = 0\n" for c in RUBRIC),
            "every weight is 0; nothing would be scored",
        ),
        (
            "[tool.repro-audit]\nweight = {licence = 2}\n",
            "unknown setting [tool.repro-audit.weight]",
        ),
    ],
)
def test_mistakes_are_reported_with_file_and_key(text: str, message: str) -> None:
    with pytest.raises(RubricConfigError) as caught:
        config_from_toml(text, "r.toml")
    assert message in str(caught.value)
    assert str(caught.value).startswith("r.toml")
    assert "\n" not in str(caught.value).strip()


def test_pyproject_errors_name_the_section() -> None:
    with pytest.raises(RubricConfigError, match=r"\[tool.repro-audit.weights\].pinning"):
        config_from_pyproject("[tool.repro-audit.weights]\npinning = -2\n")
