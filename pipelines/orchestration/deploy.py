"""Past one machine: the main job's steps on Dagster's Celery executor (the distributed profile).

BUDGET_EXECUTOR=celery chooses it; unset, the main job runs as `make run` always has (in process, nothing
to start). In the profile:
- extraction is `extract_job`: one step per batch of BUDGET_EXTRACT_BATCH files, taken by any worker
  listening on the `dagster` queue; each step leaves its files validated and staged in the extraction cache
  (BUDGET_CACHE, an fsspec URL every worker reaches);
- the load, the sets, the dbt build and the publishing write the one DuckDB file: their steps go to the
  `writer` queue, which only the worker on the warehouse's machine serves;
- runs, events and the assets' history are kept in the instance of DAGSTER_HOME (deploy/dagster.yaml: its
  storage in PostgreSQL).
Endpoints and passwords are read from the environment by name, never written into a run's config.
"""

from __future__ import annotations


from .. import settings

STEP_QUEUE = "dagster"  # dagster-celery's default queue: extraction steps, on every worker
WRITER_QUEUE = "writer"  # the single-writer steps, on the warehouse's worker only
QUEUE_TAG = "dagster-celery/queue"
WRITER_TAGS = {QUEUE_TAG: WRITER_QUEUE}

# files per extraction step: a step is the unit a killed worker loses and another redoes
EXTRACT_BATCH = settings.extract_batch()
# seconds after which a step a worker took but never acknowledged goes back to the queue (Redis broker):
# longer than any step runs, or a slow step would be taken twice
VISIBILITY_TIMEOUT = settings.visibility_timeout()


def distributed() -> bool:
    return settings.executor() == "celery"


def celery_app_settings() -> dict:
    """What the Celery app of both sides (the run's executor, the workers) is configured with: a step is
    acknowledged when it ends, so a step whose worker is killed goes back to the queue for another one."""
    return {
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "broker_transport_options": {"visibility_timeout": VISIBILITY_TIMEOUT},
        "result_expires": 7 * 24 * 3600,
    }


def executor():
    """The jobs' executor: Celery in the distributed profile, else Dagster's default."""
    if not distributed():
        return None
    from dagster_celery import celery_executor  # noqa: PLC0415  (installed with the profile's packages)

    broker = {"env": "BUDGET_CELERY_BROKER"}
    backend = {"env": settings.celery_backend_variable()}
    return celery_executor.configured(
        {"broker": broker, "backend": backend, "config_source": celery_app_settings()}, name="celery"
    )
