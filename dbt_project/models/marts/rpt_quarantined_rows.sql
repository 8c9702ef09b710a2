{#- The rows a mart's key could not hold: a second table of the same code in one disclosure, or a subject
    printed twice, would give its key two rows. The first row read (earliest table, row, column) is kept in the
    mart; each other row is here, with its page and the row kept, so that one odd table loses only itself and
    never its disclosure. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with expenditure as (
    select
        'fct_expenditure_by_function' as mart,
        disclosure_id,
        concat_ws(' ', table_code, subject_code, fund_scope, measure, basis) as mart_key,
        table_seq, page_number, row_number, column_path, printed_value, amount_yuan, key_rank
    from {{ changed(ref('int_expenditure_by_function'), 'int_expenditure_by_function') }}
),

basic as (
    select
        'fct_basic_expenditure_by_economic' as mart,
        disclosure_id,
        concat_ws(' ', subject_code, measure, basis) as mart_key,
        table_seq, page_number, row_number, column_path, printed_value, amount_yuan, key_rank
    from {{ changed(ref('int_basic_expenditure_by_economic'), 'int_basic_expenditure_by_economic') }}
),

three_public as (
    select
        'fct_three_public_costs' as mart,
        disclosure_id,
        concat_ws(' ', item, basis) as mart_key,
        table_seq, page_number, row_number, column_path, printed_value, amount_yuan,
        {{ key_rank(['disclosure_id', 'item', 'basis']) }} as key_rank
    from {{ changed(ref('int_three_public_items'), 'int_three_public_items') }}
),

keyed as (
    select * from expenditure
    union all select * from basic
    union all select * from three_public
)

select
    rest.mart,
    rest.disclosure_id,
    rest.mart_key,
    rest.table_seq,
    rest.page_number,
    rest.row_number,
    rest.column_path,
    rest.printed_value,
    rest.amount_yuan,
    kept.table_seq as kept_table_seq,
    kept.page_number as kept_page_number,
    kept.printed_value as kept_printed_value,
    'a second row for the key ' || rest.mart_key || ' (table #' || rest.table_seq || ' p.' || rest.page_number
    || '); the mart keeps the first, table #' || kept.table_seq || ' p.' || kept.page_number as reason
from keyed as rest
inner join keyed as kept
    on rest.mart = kept.mart and rest.disclosure_id = kept.disclosure_id and rest.mart_key = kept.mart_key and kept.key_rank = 1
where rest.key_rank > 1
