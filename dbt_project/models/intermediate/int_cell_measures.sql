{#- Each amount cell of T03–T09 in a column of this year's figures, with the fund scope and measure its
    column header means.
    The longest matching suffix of the header path wins (基本支出/小计 before 小计). -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with cells as (
    select * from {{ changed(ref('int_table_cells'), 'int_table_cells') }}
    where table_code in ('T03', 'T04', 'T05', 'T06', 'T07', 'T08', 'T09')
),

measures as (
    select * from {{ ref('column_measures') }}
),

matched as (
    select
        cells.*,
        measures.fund_scope,
        measures.measure,
        coalesce(
            nullif(measures.basis, ''),
            case disclosures.report_kind when 'final_accounts' then 'actual' else 'budget' end
        ) as basis,
        row_number() over (
            partition by cells.disclosure_id, cells.table_seq, cells.row_number, cells.column_index
            order by length(measures.path_suffix) desc
        ) as match_rank
    from cells
    inner join {{ changed(ref('stg_raw__disclosures')) }} as disclosures on cells.disclosure_id = disclosures.disclosure_id
    inner join measures
        on cells.table_code = measures.table_code
            and (cells.column_path = measures.path_suffix or ends_with(cells.column_path, '/' || measures.path_suffix))
    -- this year's columns only: a table may print last year's figures and the change beside them
    where {{ is_current_column('cells.column_path', 'disclosures.fiscal_year') }}
)

select * exclude (match_rank)
from matched
where match_rank = 1
