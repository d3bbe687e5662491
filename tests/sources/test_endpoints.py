"""Endpoints come from options, then the variables GitHub Actions sets, then public defaults."""

from __future__ import annotations

import pytest

from repro_audit.sources.endpoints import ConfigError, Endpoints, endpoints_from_env

GHE = {
    "GITHUB_SERVER_URL": "https://ghe.example.org",
    "GITHUB_API_URL": "https://ghe.example.org/api/v3",
}


@pytest.mark.parametrize(
    ("env", "options", "expected"),
    [
        ({}, {}, Endpoints()),
        (
            GHE,
            {},
            Endpoints(
                api_url="https://ghe.example.org/api/v3",
                graphql_url="https://ghe.example.org/api/graphql",
                server_url="https://ghe.example.org",
            ),
        ),
        (
            {**GHE, "GITHUB_GRAPHQL_URL": "https://gql.example.org/"},
            {"server_url": "http://127.0.0.1:9/"},
            Endpoints(
                api_url="https://ghe.example.org/api/v3",
                graphql_url="https://gql.example.org",
                server_url="http://127.0.0.1:9",
            ),
        ),
        ({"GH_TOKEN": "abc"}, {}, Endpoints(tokens=("abc",))),
        ({"GITHUB_TOKEN": "one", "GH_TOKEN": "two"}, {}, Endpoints(tokens=("one",))),
        ({"GITHUB_TOKEN": "one"}, {"token": "cli"}, Endpoints(tokens=("cli",))),
        ({"GITHUB_TOKEN": "  "}, {}, Endpoints()),
        ({"GITHUB_TOKEN": "a, b,,a"}, {}, Endpoints(tokens=("a", "b"))),
    ],
)
def test_endpoints_from_env(
    env: dict[str, str], options: dict[str, str], expected: Endpoints
) -> None:
    assert endpoints_from_env(env, **options) == expected


@pytest.mark.parametrize(
    "env",
    [
        {"GITHUB_API_URL": "ftp://example.org"},
        {"GITHUB_SERVER_URL": "github.com"},
        {"GITHUB_API_URL": "https://user:pw@example.org/api"},
        {"GITHUB_TOKEN": "two words"},
    ],
)
def test_bad_settings_are_config_errors(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        endpoints_from_env(env)


def test_token_is_not_in_repr() -> None:
    assert "s3cret" not in repr(Endpoints(tokens=("s3cret",)))


def test_github_hosts_include_the_enterprise_server() -> None:
    endpoints = endpoints_from_env({"GITHUB_SERVER_URL": "http://127.0.0.1:8123"})
    assert endpoints.github_hosts == frozenset({"github.com", "127.0.0.1:8123"})
    assert endpoints.clone_url("a/b") == "http://127.0.0.1:8123/a/b.git"
