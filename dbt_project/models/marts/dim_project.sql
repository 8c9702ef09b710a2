{#- Projects of the 项目绩效目标表, with their funds and objectives. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

select
    projects.disclosure_id,
    projects.table_seq as project_seq,
    projects.project_no,
    projects.project_name,
    projects.department,
    projects.implementing_unit,
    funds.total_funds_yuan,
    funds.fiscal_funds_yuan,
    funds.carryover_funds_yuan,
    funds.other_funds_yuan,
    projects.objectives,
    projects.execution_points_stated,
    projects.indicator_points_stated,
    projects.page_number
from {{ changed(ref('stg_raw__p01_projects')) }} as projects
left join {{ changed(ref('int_project_funds')) }} as funds
    on projects.disclosure_id = funds.disclosure_id and projects.table_seq = funds.table_seq
        and projects.project_no = funds.project_no
