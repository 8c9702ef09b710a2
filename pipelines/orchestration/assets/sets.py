"""Disclosure sets: after every load, the files of one unit, year and report kind placed together, and a
narrative published apart from its tables linked to its companion file's cells."""

from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, multi_asset
from dagster_duckdb import DuckDBResource

from schemas import SET_SCHEMAS

from ..deploy import WRITER_TAGS
from ...sets import link_sets

# what the sets are read from: every loaded disclosure's claims, located tables and cells
_READS = [AssetKey(["raw", name]) for name in ("disclosures", "narrative_claims", "located_tables")]


@multi_asset(
    specs=[
        AssetSpec(AssetKey(["raw", name]), deps=_READS, group_name="staging", kinds={"python", "duckdb"},
                  description=model.__doc__.strip().split("\n")[0])
        for name, model in SET_SCHEMAS.items()
    ],
    pool="duckdb_writer",  # writes the warehouse, like the staging loads
    op_tags=WRITER_TAGS,
)
def disclosure_sets(context: AssetExecutionContext, duckdb: DuckDBResource):
    with duckdb.get_connection() as con:
        written = link_sets(con)
    for name, rows in written.items():
        yield MaterializeResult(asset_key=AssetKey(["raw", name]), metadata={"rows": rows})
