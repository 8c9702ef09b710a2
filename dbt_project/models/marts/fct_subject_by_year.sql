{#- One row per unit, subject, fund scope, measure and year across every disclosure loaded: budgets
    and final accounts side by side, and the prior-year amounts the narrative implies ("比2025年执行数
    增加 M 万元" puts last year at N − M). -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with units as (
    select * from {{ changed(ref('int_disclosure_units'), 'int_disclosure_units') }}
),

tables as (
    select
        units.unit_key,
        units.fiscal_year,
        facts.subject_code,
        facts.subject_level,
        names.row_label as subject_name,
        facts.fund_scope,
        facts.measure,
        facts.table_code,
        facts.basis,
        'table' as source,
        facts.amount_yuan,
        facts.disclosure_id,
        facts.page_number
    from {{ changed(ref('fct_expenditure_by_function')) }} as facts
    inner join units using (disclosure_id)
    left join {{ changed(ref('int_table_cells')) }} as names
        on facts.disclosure_id = names.disclosure_id
            and facts.page_number = names.page_number
            and facts.row_number = names.row_number
            and facts.column_path = names.column_path
            and facts.table_code = names.table_code
),

implied as (
    select
        units.unit_key,
        units.fiscal_year - 1 as fiscal_year,
        claims.linked_subject_code as subject_code,
        {{ subject_level('claims.linked_subject_code') }} as subject_level,
        claims.linked_row_label as subject_name,
        measures.fund_scope,
        measures.measure,
        claims.linked_table_code as table_code,
        case
            when claims.comparison_base like '%决算%' then 'actual'
            when claims.comparison_base like '%执行%' then 'executed'
            else 'budget'
        end as basis,
        'narrative' as source,
        claims.implied_prior_year_yuan as amount_yuan,
        claims.disclosure_id,
        claims.page_number
    from {{ changed(ref('fct_narrative_claim')) }} as claims
    inner join units using (disclosure_id)
    inner join {{ changed(ref('int_cell_measures')) }} as measures
        on claims.disclosure_id = measures.disclosure_id
            and claims.linked_table_code = measures.table_code
            and claims.linked_column_path = measures.column_path
            and claims.linked_row_label = measures.row_label
    where claims.implied_prior_year_yuan is not null and claims.linked_subject_code is not null
)

select * from tables
union all
select * from implied
