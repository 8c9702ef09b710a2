"""The dbt project as Dagster assets: `dbt build` with each dbt test reported as an asset check."""

from collections.abc import Mapping
from typing import Any

from dagster import AssetExecutionContext
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from ..deploy import WRITER_TAGS
from ...paths import BUILD_TARGET, strict_run
from ...run.plan import begin_build
from ...load.warehouse import connect, warehouse_path
from ..resources import dbt_project

project = dbt_project()
if not project.manifest_path.exists():
    raise FileNotFoundError(
        f"{project.manifest_path} is missing: run `dbt parse --profiles-dir .` in dbt_project/ "
        "(with BUDGET_WAREHOUSE set) before loading the definitions"
    )


class BudgetDbtTranslator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        # One asset group per warehouse schema (staging, intermediate, marts, reference), unless dbt sets a group.
        schema = (dbt_resource_props.get("config") or {}).get("schema")
        return super().get_group_name(dbt_resource_props) or schema or "dbt"


translator = BudgetDbtTranslator(
    settings=DagsterDbtTranslatorSettings(enable_asset_checks=True, enable_source_tests_as_checks=True)
)


@dbt_assets(
    manifest=project.manifest_path,
    project=project,
    dagster_dbt_translator=translator,
    pool="duckdb_writer",  # dbt writes the same DuckDB file as the staging loads
    op_tags=WRITER_TAGS,
)
def dbt_models(context: AssetExecutionContext, dbt: DbtCliResource):
    # dbt's unit tests check the models' code on given rows: `make test` runs them, a load needs not
    build = ["build", "--exclude-resource-type", "unit_test"]
    with connect(warehouse_path()) as con:  # the marts grow by the disclosures that changed, unless …
        if begin_build(con):
            build.append("--full-refresh")
    if strict_run():
        build += ["--vars", '{"strict": true}']  # a quarantined row fails the build (`make test`'s own data)
    invocation = dbt.cli(build, context=context, target_path=BUILD_TARGET)
    try:
        yield from invocation.stream()
    finally:
        # a build that stops early (a failing node raises mid-stream) leaves dbt running and holding the
        # warehouse; whatever reads the warehouse next waits for it to let go
        if invocation.process.poll() is None:
            invocation.process.wait()
