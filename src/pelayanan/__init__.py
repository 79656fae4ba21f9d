"""pelayanan: event-sourced public-service compliance for Indonesian local government."""

from __future__ import annotations

__version__ = "0.1.0"
