{#- One row per 三级指标 of each project's 绩效指标. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

select
    disclosure_id,
    table_seq as project_seq,
    project_no,
    row_number,
    level1_name,
    level2_name,
    level3_name,
    operator,
    target_value,
    target_unit,
    target_text,
    score,
    score_text,
    page_number
from {{ changed(ref('stg_raw__p01_indicators'), 'stg_raw__p01_indicators') }}
