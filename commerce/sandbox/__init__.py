"""A local FastSpring + LicenseSpring that behaves like the real ones, for development and tests."""

from commerce.sandbox.app import create_sandbox_app

__all__ = ["create_sandbox_app"]
