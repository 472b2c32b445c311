"""The graph and settings of the running app, for the views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app

from ckg.settings import Settings

if TYPE_CHECKING:
    from ckg.kg import KnowledgeGraph


def current_kg() -> KnowledgeGraph:
    return current_app.extensions["ckg"]


def current_settings() -> Settings:
    return current_app.extensions["ckg.settings"]
