"""The Celery app of the distributed profile's workers (deploy.py): one worker process per core, each
running one step at a time in its own process (`--pool solo`, so that a step can bound each file's
extraction in a child process, and a killed worker leaves its step unacknowledged for another one):

    celery -A pipelines.worker worker -Q dagster --pool solo              (extraction: any machine)
    celery -A pipelines.worker worker -Q dagster,writer --pool solo       (the warehouse's machine)

The broker and result backend are read from BUDGET_CELERY_BROKER / BUDGET_CELERY_BACKEND.
"""

from __future__ import annotations


from dagster_celery.config import DEFAULT_CONFIG, dict_wrapper
from dagster_celery.make_app import make_app
from dagster_celery.tasks import create_task

from . import settings
from .orchestration.deploy import celery_app_settings

app = make_app({
    "broker": settings.celery_broker(),
    "backend": settings.celery_backend(),
    "include": [],
    "config_source": dict_wrapper({**DEFAULT_CONFIG, **celery_app_settings()}),
})
execute_plan = create_task(app)
