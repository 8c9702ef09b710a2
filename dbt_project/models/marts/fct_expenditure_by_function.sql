{#- Expenditure by 功能分类 subject, fund scope and measure. Coded rows of T03/T05/T07/T08, and the 类
    rows of the 财政拨款收支总表 (T04, printed by name) coded through the 类 list. T04's amounts include
    上年结转; T05/T07/T08 show the current year's appropriation. One row per key: a second table of the same
    code, or a subject printed twice, is quarantined (marts.rpt_quarantined_rows), the first kept. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

select * exclude (table_seq, column_index, key_rank)
from {{ changed(ref('int_expenditure_by_function'), 'int_expenditure_by_function') }}
where key_rank = 1
