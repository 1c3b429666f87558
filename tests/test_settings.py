import pytest

from songwish.cli import main
from songwish.settings import MissingSettingsError, Settings, get_settings


def test_defaults_need_no_credentials(isolated_env):
    settings = get_settings()
    assert settings.resolved_database_url.endswith("songwish.db")
    assert settings.resolved_database_url.startswith("sqlite+aiosqlite:///")
    assert not (settings.uses_openai or settings.uses_fastspring or settings.uses_auth0)
    settings.check_production()  # development: nothing required


def test_dev_secret_is_generated_once_and_persisted(isolated_env):
    first = get_settings().secret()
    get_settings.cache_clear()
    assert get_settings().secret() == first
    assert (isolated_env / "secret_key").stat().st_mode & 0o777 == 0o600


def test_heroku_style_postgres_urls_use_asyncpg(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example.com:5432/app")
    assert Settings().resolved_database_url == "postgresql+asyncpg://u:p@db.example.com:5432/app"


def test_production_names_every_missing_secret(monkeypatch):
    monkeypatch.setenv("IS_PRODUCTION", "true")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    with pytest.raises(MissingSettingsError) as error:
        Settings().check_production()
    assert "SECRET_KEY" not in error.value.missing
    assert {"OPENAI_API_KEY", "FASTSPRING_API_USER", "LS_API_KEY", "AUTH0_DOMAIN"} <= set(
        error.value.missing
    )
    with pytest.raises(MissingSettingsError):
        Settings().model_copy(update={"secret_key": None}).secret()


def test_cli_refuses_production_without_secrets(monkeypatch, capsys):
    monkeypatch.setenv("IS_PRODUCTION", "true")
    assert main(["serve", "--check"]) == 2
    assert "IS_PRODUCTION=true but these settings are missing" in capsys.readouterr().err


def test_cli_help_lists_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("serve", "db", "catalog", "user", "orders"):
        assert command in out


def test_env_example_lists_every_setting():
    import re
    from pathlib import Path

    listed = set(
        re.findall(
            r"^([A-Z0-9_]+)=", (Path(__file__).parents[1] / ".env.example").read_text(), re.M
        )
    )
    names = {
        (field.validation_alias if isinstance(field.validation_alias, str) else name).upper()
        for name, field in Settings.model_fields.items()
    }
    assert names - listed == set(), "add these to .env.example"
    assert listed - names == set(), "these .env.example lines configure nothing"
