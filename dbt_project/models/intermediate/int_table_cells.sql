{#- Every amount cell of every located table in one relation, with its table's printed title. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

{%- set cell_tables = [
    't01_income_expenditure_summary', 't02_income_summary', 't03_expenditure_summary',
    't04_fiscal_appropriation_summary', 't05_general_budget_expenditure',
    't06_general_budget_basic_expenditure', 't07_government_fund_expenditure',
    't08_state_capital_expenditure', 't09_three_public_costs', 'x_other_tables'] -%}

with standard_cells as (
    {% for t in cell_tables %}
        select * from {{ changed(ref('stg_raw__' ~ t)) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

project_fund_cells as (
    select
        funds.disclosure_id,
        funds.table_seq,
        'P01' as table_code,
        funds.page_number,
        funds.x0,
        funds.y0,
        funds.x1,
        funds.y1,
        funds.row_number,
        1 as side,
        coalesce(projects.project_name, '') as row_label,  -- a project whose name no page prints
        'item' as row_role,
        cast(null as varchar) as subject_code,
        cast(null as varchar) as printed_code,
        cast(null as varchar) as code_basis,
        cast(null as varchar) as implied_code,
        cast(null as varchar) as detail_code,
        cast(null as varchar) as unit_code,
        cast(null as integer) as column_index,
        '项目资金/' || funds.row_label as column_path,
        funds.printed_value,
        funds.printed_unit,
        funds.printed_decimals,
        funds.amount_yuan,
        funds.rounding_unit_yuan
    from {{ changed(ref('stg_raw__p01_project_funds')) }} as funds
    inner join {{ changed(ref('stg_raw__p01_projects')) }} as projects
        on funds.disclosure_id = projects.disclosure_id and funds.table_seq = projects.table_seq
            and funds.project_no = projects.project_no
),

all_cells as (
    select * from standard_cells
    union all
    select * from project_fund_cells
)

select
    all_cells.*,
    located.table_title,
    -- outline numbering of list rows: 一、 → 1, （一） / 1. → 2
    case
        when regexp_matches(all_cells.row_label, '^[一二三四五六七八九十]+[、.．]') then 1
        when regexp_matches(all_cells.row_label, '^（[一二三四五六七八九十]+）|^[0-9]+[、.．]') then 2
    end as outline_level,
    regexp_replace(
        all_cells.row_label, '^([一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十]+）|[0-9]+[、.．])', ''
    ) as item_name
from all_cells
inner join {{ changed(ref('stg_raw__located_tables')) }} as located
    on all_cells.disclosure_id = located.disclosure_id and all_cells.table_seq = located.table_seq
