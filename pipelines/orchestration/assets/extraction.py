"""Extraction as steps any worker can take (the distributed profile, deploy.py): the files to extract are
cut into batches, one step each; a step extracts, validates and stages its files into the extraction cache,
where the single writer's load then finds them. A file a step could not do is staged as its failure, with
its reason, as in the local run. Steps are idempotent: a step done again (its worker was killed) finds what
was already staged and redoes only the rest."""


import pickle

from dagster import (
    Config,
    DynamicOut,
    DynamicOutput,
    In,
    InputContext,
    OpExecutionContext,
    OutputContext,
    UPathIOManager,
    io_manager,
    job,
    op,
)
from upath import UPath

from ... import settings
from ...load.cache import cache_root
from ..deploy import EXTRACT_BATCH, executor
from ..resources import RawFiles, raw_root

# extraction processes per step (each file bounded in time and memory, as in the local run)
STEP_WORKERS = settings.step_workers()


class SharedPickles(UPathIOManager):
    """The small values passed between steps (lists of files, their outcomes), pickled where every worker
    reads: BUDGET_IO, else a folder of the extraction cache."""

    extension = ".pickle"

    def dump_to_path(self, context: OutputContext, obj, path: UPath) -> None:
        with path.open("wb") as fh:
            pickle.dump(obj, fh)

    def load_from_path(self, context: InputContext, path: UPath):
        with path.open("rb") as fh:
            return pickle.load(fh)  # noqa: S301  (written by this job's own steps)


@io_manager
def shared_pickles(_) -> SharedPickles:
    return SharedPickles(base_path=UPath(settings.step_io()) if settings.step_io() else cache_root() / "io")


class ExtractConfig(Config):
    keys: list[str]  # partition keys of the files to extract (their paths under raw/), longest first
    batch: int = EXTRACT_BATCH


def batches(keys: list[str], size: int) -> list[list[str]]:
    """At most `size` files per batch, dealt in turn: given the files longest first, the batches come out
    about equal in pages, and no batch of long files is left running alone at the end."""
    count = -(-len(keys) // max(size, 1))
    return [keys[i::count] for i in range(count)]


def batch_key(i: int) -> str:
    return f"batch_{i:06d}"


@op(out=DynamicOut(list))
def plan_batches(context: OpExecutionContext, config: ExtractConfig):
    for i, batch in enumerate(batches(config.keys, config.batch)):
        yield DynamicOutput(batch, mapping_key=batch_key(i))
    context.log.info("%d file(s) in batches of %d", len(config.keys), config.batch)


@op(ins={"keys": In(list)})
def extract_batch(context: OpExecutionContext, raw_files: RawFiles, keys: list) -> dict:
    """Extract, validate and stage a batch of files; {key: 'staged' | 'rejected: <reason>'}."""
    from ...load.prepared import prepare  # noqa: PLC0415
    from ...run.runs import warm_cache  # noqa: PLC0415

    files = {key: raw_files.file(key) for key in keys}
    warm_cache(files, {}, STEP_WORKERS)
    outcome = {}
    for key, path in files.items():  # read back from the cache: what the bounded processes left there
        prepared = prepare(key, path)
        outcome[key] = f"rejected: {prepared.failed}" if prepared.failed else "staged"
    context.log.info("%d staged, %d rejected", sum(v == "staged" for v in outcome.values()), sum(v != "staged" for v in outcome.values()))
    return outcome


@op(ins={"outcomes": In(list)})
def extracted(context: OpExecutionContext, outcomes: list) -> dict:
    merged = {key: value for outcome in outcomes for key, value in outcome.items()}
    context.add_output_metadata({"files": len(merged), "rejected": sum(v != "staged" for v in merged.values())})
    return merged


@job(executor_def=executor(), resource_defs={"io_manager": shared_pickles, "raw_files": RawFiles(root=str(raw_root()))},
     description="Extract, validate and stage files into the extraction cache, one step per batch (the distributed profile).")
def extract_job():
    extracted(plan_batches().map(extract_batch).collect())
