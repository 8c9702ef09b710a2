{#- 一般公共预算基本支出 by 经济分类 subject (T06). One row per key: a second T06, or a subject printed twice, is
    quarantined (marts.rpt_quarantined_rows), the first kept. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

select * exclude (table_seq, column_index, key_rank)
from {{ changed(ref('int_basic_expenditure_by_economic'), 'int_basic_expenditure_by_economic') }}
where key_rank = 1
