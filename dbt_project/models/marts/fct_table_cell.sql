{#- Provenance of every number: each amount cell as printed, where it is printed, its exact yuan value, and
    what its column means (measure `unknown` where the header's words name none: kept as printed). -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with cells as (
    select * from {{ changed(ref('int_table_cells'), 'int_table_cells') }}
),

measures as (
    select disclosure_id, table_seq, row_number, column_index, measure, fund_scope
    from {{ changed(ref('int_cell_measures'), 'int_cell_measures') }}
)

select
    cells.disclosure_id,
    cells.table_code,
    cells.table_seq,
    cells.table_title,
    cells.page_number,
    cells.x0,
    cells.y0,
    cells.x1,
    cells.y1,
    cells.row_number,
    cells.row_label,
    cells.row_role,
    cells.subject_code,
    cells.printed_code,
    cells.code_basis,
    cells.implied_code,
    cells.detail_code,
    cells.unit_code,
    cells.side,
    cells.column_index,
    cells.column_path,
    coalesce(measures.measure, 'unknown') as measure,
    measures.fund_scope,
    cells.printed_value,
    cells.printed_unit,
    cells.amount_yuan
from cells
left join measures
    on {{ same_cell('cells', 'measures') }}
