"""How the main job's runs execute: in this process (the local default), or through the jobs' own executor,
Celery, in the distributed profile (deploy.py). Each run is recorded in the instance it is given, with every
asset it materialized and every check it evaluated (runs.py chooses which instance)."""

from __future__ import annotations

import warnings


POLL_SECONDS = 0.1  # how often the Celery executor asks whether a step has finished

# failures are collected from the results and reported once, in the summary
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


def job_named(name: str):
    """A job of the code location by name: the target a worker reconstructs a run's job from."""
    from ..definitions import defs  # noqa: PLC0415

    return defs.resolve_job_def(name)


def launch(name: str, instance, run_config: dict | None = None, tags: dict | None = None):
    """One run of job `name`; its result (the run's events), whether or not it succeeded."""
    from dagster import build_reconstructable_job, execute_job  # noqa: PLC0415

    from .deploy import distributed  # noqa: PLC0415

    config = {**QUIET, **(run_config or {})}
    if not distributed():
        return job_named(name).execute_in_process(instance=instance, raise_on_error=False, run_config=config, tags=tags)
    from dagster_celery import core_execution_loop  # noqa: PLC0415  (installed with the profile's packages)

    # the executor looks for finished steps once a second: the build's chain of short steps waited seconds
    # in all between one step's end and the next one's start
    core_execution_loop.TICK_SECONDS = POLL_SECONDS
    job = build_reconstructable_job(__name__, job_named.__name__, reconstructable_args=(name,))
    with warnings.catch_warnings():  # each run's executor registers the same Celery task again: harmless
        warnings.filterwarnings("ignore", message="Task name 'execute_plan' is already registered")
        with execute_job(job, instance, run_config=config, tags=tags, raise_on_error=False) as result:
            return result


def extract_distributed(instance, keys: list[str], tags: dict) -> list[str]:
    """Extract, validate and stage the files in extract_job's steps on the workers. Returns the files of
    the steps that did not succeed (none, when every step did, or was done again after its worker died):
    the load prepares those itself, so a step that fails loses time, not files."""
    from .assets.extraction import batch_key, batches  # noqa: PLC0415
    from .deploy import EXTRACT_BATCH  # noqa: PLC0415

    result = launch("extract_job", instance, {"ops": {"plan_batches": {"config": {"keys": keys, "batch": EXTRACT_BATCH}}}}, tags)
    done = {event.step_key for event in result.all_events if event.event_type_value == "STEP_SUCCESS"}
    return [key for i, batch in enumerate(batches(keys, EXTRACT_BATCH)) if f"extract_batch[{batch_key(i)}]" not in done
            for key in batch]
