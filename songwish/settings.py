"""The one settings object of the process, read from the environment and `.env`.

Variable names follow the original product description (`OPENAI_API_KEY`,
`FASTSPRING_API_USER`, `LS_API_KEY`, `AUTH0_DOMAIN`, ...). Every external
service is optional: when its credentials are absent, a local stand-in is used
(offline model, commerce sandbox, local login, SQLite, embedded Chroma,
in-memory rate limits). In production (`IS_PRODUCTION=true`) the stand-ins are
refused and every missing secret is named at start-up.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

SECRET_FILE_NAME = "secret_key"

# What production cannot run without, by environment variable name.
PRODUCTION_REQUIRED = (
    "SECRET_KEY",
    "DATABASE_URL",
    "OPENAI_API_KEY",
    "FASTSPRING_API_USER",
    "FASTSPRING_API_PASSWORD",
    "FASTSPRING_WEBHOOK_SECRET",
    "LS_API_KEY",
    "AUTH0_DOMAIN",
    "AUTH0_CLIENT_ID",
    "AUTH0_CLIENT_SECRET",
    "AUTH0_AUDIENCE",
)


class MissingSettingsError(RuntimeError):
    """Production start-up refused: names every missing variable at once."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            "IS_PRODUCTION=true but these settings are missing: " + ", ".join(missing)
        )


class Settings(BaseSettings):
    """Process configuration; instantiate through `get_settings()`."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    is_production: bool = False
    data_dir: Path = Field(default=Path("var"), validation_alias="SONGWISH_DATA_DIR")
    database_url: str | None = None
    secret_key: SecretStr | None = None
    public_url: str = "http://localhost:8000"
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    # json: one JSON object per line; auto: JSON when IS_PRODUCTION, readable text otherwise.
    log_format: Literal["auto", "json", "text"] = "auto"
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)

    # Assistant model
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4.1"
    openai_timeout_seconds: float = 30.0
    max_message_chars: int = 2000
    max_model_calls_per_turn: int = 6
    max_tool_calls_per_turn: int = 12
    # Provider errors: attempts per model call, first pause (doubles each retry).
    model_retry_attempts: int = 3
    model_retry_backoff_seconds: float = 0.5

    # Catalogue search
    embedding_backend: Literal["e5", "openai"] = "e5"
    openai_embedding_model: str = "text-embedding-3-small"
    chroma_path: Path | None = None
    chroma_url: str | None = None
    catalog_collection: str = "catalog"
    # Directory of the catalogue's *.jsonl files; None means the data shipped in knowledge/.
    catalog_dir: Path | None = None
    # Directory of precomputed catalogue vectors (one .npy per embedding model); None: shipped.
    catalog_vectors_dir: Path | None = None

    # Gift import from a product page (products/fetch.py): overall timeout per request,
    # page size cap, redirects followed; private/loopback hosts only outside production.
    product_import_timeout_seconds: float = 8.0
    product_import_max_bytes: int = 2_000_000
    product_import_max_redirects: int = 3
    product_import_allow_private: bool = False

    # FastSpring
    fastspring_api_user: str | None = None
    fastspring_api_password: SecretStr | None = None
    fs_account_endpoint_url: str = "https://api.fastspring.com/accounts"
    fs_order_endpoint_url: str = "https://api.fastspring.com/orders"
    fs_api_url: str = "https://api.fastspring.com"
    fastspring_webhook_secret: SecretStr | None = None
    fastspring_checkout_url_template: str = "https://{store}.onfastspring.com/session/{session_id}"
    fastspring_store: str = "songwish"

    # LicenseSpring
    ls_api_url: str = "https://saas.licensespring.com"
    ls_api_key: SecretStr | None = None
    ls_license_api_url: str = "https://api.licensespring.com"
    ls_license_api_key: SecretStr | None = None
    ls_shared_key: SecretStr | None = None

    # Commerce: the local sandbox stands in for both vendors when FastSpring has no
    # credentials; COMMERCE_SANDBOX=true forces it (refused in production).
    commerce_sandbox: bool = False
    # Where the app calls the sandbox APIs; default this process at HOST:PORT. Replicas
    # set it to the one replica whose in-memory sandbox acts as the deployment's vendor.
    commerce_sandbox_url: str | None = None
    # The sandbox redelivers unacknowledged webhooks on FastSpring's schedule (1 h, 2 h, ...)
    # times this factor: tests shrink it.
    commerce_sandbox_retry_scale: float = Field(default=1.0, gt=0)
    vendor_timeout_seconds: float = 10.0
    vendor_retry_attempts: int = 3
    vendor_retry_wait_seconds: float = 0.5
    # The longest a vendor's Retry-After may hold a retry (longer asks are cut to this).
    vendor_retry_after_max_seconds: float = 30.0
    max_webhook_bytes: int = 1_000_000
    # Background jobs (licence issuance, refunds): attempts after the first, and the
    # exponential backoff base in seconds (3 → 3 s, 9 s, 27 s, ... about 2 h for 8).
    licence_retry_attempts: int = 8
    licence_retry_base_seconds: int = 3
    job_concurrency: int = 4
    job_poll_seconds: float = 1.0

    # Auth0
    auth0_domain: str | None = None
    auth0_client_id: str | None = None
    auth0_client_secret: SecretStr | None = None
    auth0_audience: str | None = None
    # Auth0 access tokens carry no e-mail unless a post-login Action adds this claim
    # (docs/deploy.md); paying needs it.
    auth0_email_claim: str = "https://songwish.app/email"
    access_token_ttl_seconds: int = 3600

    # Chainlit
    chainlit_auth_secret: SecretStr | None = None

    # Rate limits and caches
    rate_limit_storage_uri: str = "memory://"
    rate_limit_default: str = "120/minute"
    rate_limit_login: str = "10/minute"
    rate_limit_chat: str = "30/minute"
    # Every API request from one address, whoever is logged in (NAT shares addresses).
    rate_limit_ip: str = "600/minute"
    # Proxies trusted to set X-Forwarded-For/-Proto (uvicorn's forwarded_allow_ips).
    forwarded_allow_ips: str = "127.0.0.1"
    cache_url: str | None = None
    # Catalogue query cache: entries per in-process LRU (0 turns caching off), Redis TTL,
    # and how often a replica re-reads the index fingerprint that invalidates results.
    cache_max_entries: int = 2048
    cache_ttl_seconds: int = 3600
    cache_check_seconds: float = 10.0
    max_body_bytes: int = 64_000

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    # --- derived values -------------------------------------------------
    @property
    def resolved_database_url(self) -> str:
        """`DATABASE_URL`, or a SQLite file in the data dir."""
        if self.database_url:
            return _async_driver_url(self.database_url)
        return f"sqlite+aiosqlite:///{(self.data_dir / 'songwish.db').resolve()}"

    @property
    def resolved_chroma_path(self) -> Path:
        return (self.chroma_path or self.data_dir / "chroma").resolve()

    @property
    def uses_postgres(self) -> bool:
        return self.resolved_database_url.startswith("postgresql")

    @property
    def uses_openai(self) -> bool:
        return self.openai_api_key is not None

    @property
    def uses_fastspring(self) -> bool:
        return bool(self.fastspring_api_user and self.fastspring_api_password)

    @property
    def uses_licensespring(self) -> bool:
        return self.ls_api_key is not None

    @property
    def uses_auth0(self) -> bool:
        return bool(self.auth0_domain and self.auth0_client_id and self.auth0_client_secret)

    def secret(self) -> str:
        """The signing secret: `SECRET_KEY`, or one generated once per data dir."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        if self.is_production:
            raise MissingSettingsError(["SECRET_KEY"])
        return _persisted_dev_secret(self.data_dir)

    def missing_production_settings(self) -> list[str]:
        """The required production variables that are unset."""
        return [name for name in PRODUCTION_REQUIRED if not getattr(self, name.lower())]

    def check_production(self) -> None:
        """Refuse to run in production with local stand-ins instead of real services."""
        if self.is_production and (missing := self.missing_production_settings()):
            raise MissingSettingsError(missing)


def _async_driver_url(url: str) -> str:
    """Accept the usual `postgres://` forms (Heroku) and use the async drivers."""
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url[len("sqlite:///") :]
    return url


def _persisted_dev_secret(data_dir: Path) -> str:
    path = data_dir / SECRET_FILE_NAME
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    path.write_text(value)
    path.chmod(0o600)
    return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process settings, read once; tests clear this cache after changing env."""
    return Settings()
