{#- One row per disclosure: what was located, extracted, validated and reconciled, so a reader can
    judge how far to trust its figures in the marts. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with disclosures as (
    select * from {{ changed(ref('stg_raw__disclosures'), 'stg_raw__disclosures') }}
),

tables as (
    select
        disclosure_id,
        count(*) as tables_located,
        count(*) filter (where extraction_status = 'extracted') as tables_extracted,
        count(*) filter (where extraction_status = 'empty') as tables_empty,
        count(*) filter (where extraction_status = 'failed') as tables_failed,
        count(*) filter (where extraction_status = 'invalid') as tables_invalid,
        string_agg(
            table_code || ' ' || table_title || ' (p. ' || pages || ', ' || extraction_status || ')', '; '
            order by table_seq
        ) as tables_list,
        string_agg(extraction_message, '; ' order by table_seq) filter (where extraction_message is not null)
            as table_problems,
        sum(data_rows) as data_rows
    from {{ changed(ref('stg_raw__located_tables'), 'stg_raw__located_tables') }}
    group by disclosure_id
),

cells as (
    select
        disclosure_id,
        count(*) as amount_positions,
        count(amount_yuan) as amounts_printed
    from {{ changed(ref('int_table_cells'), 'int_table_cells') }}
    group by disclosure_id
),

failures as (
    select disclosure_id, count(*) as validation_failures
    from {{ changed(ref('stg_raw__validation_failures'), 'stg_raw__validation_failures') }}
    group by disclosure_id
),

coverage as (
    select
        disclosure_id,
        sum(amounts_printed) as coverage_printed,
        sum(amounts_read) as coverage_read,
        sum(amounts_missing) filter (where region_kind = 'table') as coverage_missed_in_tables,
        sum(amounts_missing) filter (where region_kind <> 'table') as coverage_outside_tables,
        sum(values_not_printed) as coverage_not_printed
    from {{ changed(ref('stg_raw__extraction_coverage'), 'stg_raw__extraction_coverage') }}
    group by disclosure_id
),

checks as (
    select
        disclosure_id,
        count(*) filter (where status = 'pass') as checks_passed,
        count(*) filter (where status = 'fail') as checks_failed,
        count(*) filter (where status = 'not_applicable') as checks_not_applicable
    from {{ changed(ref('fct_reconciliation'), 'fct_reconciliation') }}
    group by disclosure_id
),

families as (
    select disclosure_id, string_agg(check_family || ' ' || n, ', ' order by check_family) as findings_by_family
    from (
        select disclosure_id, check_family, count(*) as n
        from {{ changed(ref('fct_reconciliation'), 'fct_reconciliation') }}
        where status = 'fail'
        group by all
    ) as failed
    group by disclosure_id
),

sets as (
    select sets.disclosure_id, sets.set_role, sets.set_note, companion.source_file as tables_source_file
    from {{ changed(ref('stg_raw__disclosure_sets')) }} as sets
    left join {{ changed(ref('stg_raw__disclosures')) }} as companion on sets.tables_disclosure_id = companion.disclosure_id
)

select
    disclosures.disclosure_id,
    disclosures.source_file,
    disclosures.duplicate_files,
    disclosures.unit_name,
    disclosures.fiscal_year,
    disclosures.report_kind,
    disclosures.scope,
    disclosures.metadata_source,
    disclosures.load_status,
    disclosures.load_message,
    disclosures.page_count,
    coalesce(tables.tables_located, 0) as tables_located,
    coalesce(tables.tables_extracted, 0) as tables_extracted,
    coalesce(tables.tables_empty, 0) as tables_empty,
    coalesce(tables.tables_failed, 0) as tables_failed,
    coalesce(tables.tables_invalid, 0) as tables_invalid,
    disclosures.standard_tables_missing,
    tables.tables_list,
    tables.table_problems,
    coalesce(tables.data_rows, 0) as data_rows,
    coalesce(cells.amount_positions, 0) as amount_positions,
    coalesce(cells.amounts_printed, 0) as amounts_printed,
    coalesce(failures.validation_failures, 0) as validation_failures,
    coalesce(checks.checks_passed, 0) as checks_passed,
    coalesce(checks.checks_failed, 0) as checks_failed,
    coalesce(checks.checks_not_applicable, 0) as checks_not_applicable,
    families.findings_by_family,
    coalesce(coverage.coverage_printed, 0) as coverage_printed,
    coalesce(coverage.coverage_read, 0) as coverage_read,
    coalesce(coverage.coverage_missed_in_tables, 0) as coverage_missed_in_tables,
    coalesce(coverage.coverage_outside_tables, 0) as coverage_outside_tables,
    coalesce(coverage.coverage_not_printed, 0) as coverage_not_printed,
    case when coverage.coverage_printed > 0
            then round(100.0 * coverage.coverage_read / coverage.coverage_printed, 2)
    end as coverage_pct,
    -- the narrative's figures beside the tables' amounts: claimed, deliberately not claims, unaccounted
    disclosures.narrative_figures,
    disclosures.narrative_figures_claimed,
    disclosures.narrative_figures - disclosures.narrative_figures_claimed
    - disclosures.narrative_figures_unaccounted as narrative_figures_not_claims,
    disclosures.narrative_figures_unaccounted,
    -- a narrative published apart from its tables: the file it is read against, or why there is none
    sets.set_role,
    sets.tables_source_file,
    sets.set_note,
    -- a disclosure whose pages print amounts the extraction did not read, or that it read and the page does
    -- not print, is not a clean load
    case
        when disclosures.load_status not in ('loaded', 'partial') then disclosures.load_status
        when coalesce(coverage.coverage_printed, 0) = 0 then 'no_tables'
        when coverage.coverage_read = coverage.coverage_printed and coverage.coverage_not_printed = 0 then 'complete'
        else 'short'
    end as coverage_status
from disclosures
left join tables using (disclosure_id)
left join cells using (disclosure_id)
left join failures using (disclosure_id)
left join families using (disclosure_id)
left join checks using (disclosure_id)
left join coverage using (disclosure_id)
left join sets using (disclosure_id)
