{#- How much of what each table's pages print the extraction read: one row per table and page, per orphan
    grid (a ruled grid with no title and no table to continue), and per table page for the amounts printed
    outside every grid (a table printed without ruling). Measured by the product itself against the
    text layer, for every disclosure. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with coverage as (
    select * from {{ changed(ref('stg_raw__extraction_coverage'), 'stg_raw__extraction_coverage') }}
),

located as (
    select * from {{ changed(ref('stg_raw__located_tables'), 'stg_raw__located_tables') }}
)

select
    coverage.disclosure_id,
    coverage.region_kind,
    coverage.table_seq,
    located.table_code,
    located.table_title,
    coverage.page_number,
    coverage.region,
    coverage.region_note,
    coverage.amounts_printed,
    coverage.amounts_read,
    coverage.amounts_missing,
    coverage.values_not_printed,
    case when coverage.amounts_printed > 0 then round(100.0 * coverage.amounts_read / coverage.amounts_printed, 2) end
        as coverage_pct,
    coverage.missing_examples,
    coverage.not_printed_examples
from coverage
left join located
    on coverage.disclosure_id = located.disclosure_id and coverage.table_seq = located.table_seq
