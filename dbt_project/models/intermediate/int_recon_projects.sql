{#- 项目绩效目标表: funds total = 财政拨款 + 上年结转 + 其他资金; indicator scores add up to the points
    stated in the header (分值(90)); and, where a project's 功能分类 项 is known, the projects under a
    项 add up to its 项目支出 in the 支出总表. -#}
with projects as (
    select * from {{ ref('stg_raw__p01_projects') }}
),

funds as (
    select * from {{ ref('int_project_funds') }}
),

indicator_scores as (
    select disclosure_id, table_seq, project_no, sum(score) as score_sum, {{ page_list('page_number') }} as pages
    from {{ ref('stg_raw__p01_indicators') }}
    group by all
),

fund_checks as (
    select
        projects.disclosure_id,
        'P:funds:' || projects.table_seq || {{ project_suffix('projects.project_no') }} as check_id,
        'funds' as rule_id, 'P01' as table_code, projects.table_seq, projects.project_no, cast(null as varchar) as subject_code,
        '项目绩效目标表 ' || {{ project_label() }} || ': 年度资金总额 = '
        || case when coalesce(funds.central_funds_yuan, funds.local_funds_yuan) is not null
                then '中央资金 + 地方资金 + 其他资金'
            else '财政拨款 + 上年结转 + 其他资金'
        end as description,
        funds.total_funds_yuan as lhs_yuan,
        coalesce(funds.fiscal_funds_yuan, 0) + coalesce(funds.carryover_funds_yuan, 0) + coalesce(funds.other_funds_yuan, 0)
        + coalesce(funds.central_funds_yuan, 0) + coalesce(funds.local_funds_yuan, 0) as rhs_yuan,
        funds.rounding_unit_yuan as tolerance_yuan,
        'P01' as tables_involved,
        cast(funds.page_number as varchar) as pages_involved,
        -- a table printing only the total (a list of projects with one 金额 column) states no split to check; a
        -- blank total accuses nothing, and where a part is blank (0, or cut off at a page break: 京剧院演出创排's
        -- 其他资金 1,496.02 printed only where the page clips it) the parts may confirm the total, never fail it
        coalesce(
            funds.fiscal_funds_yuan, funds.carryover_funds_yuan, funds.other_funds_yuan, funds.central_funds_yuan,
            funds.local_funds_yuan
        ) is not null
        and funds.total_funds_yuan is not null
        and (coalesce(
            funds.parts_blank, 0) = 0 or abs(
            funds.total_funds_yuan - coalesce(funds.fiscal_funds_yuan, 0)
            - coalesce(funds.carryover_funds_yuan, 0) - coalesce(funds.other_funds_yuan, 0)
            - coalesce(funds.central_funds_yuan, 0) - coalesce(funds.local_funds_yuan, 0)
        )
        <= coalesce(funds.rounding_unit_yuan, 0)) as applicable,
        'yuan' as value_unit
    from projects
    inner join funds on projects.disclosure_id = funds.disclosure_id and projects.table_seq = funds.table_seq
        and projects.project_no = funds.project_no
),

score_checks as (
    select
        projects.disclosure_id,
        'P:scores:' || projects.table_seq || {{ project_suffix('projects.project_no') }} as check_id,
        'scores' as rule_id, 'P01' as table_code, projects.table_seq, projects.project_no, cast(null as varchar) as subject_code,
        '项目绩效目标表 ' || {{ project_label() }} || ': indicator scores add up to the stated '
        || coalesce(cast(projects.indicator_points_stated as varchar), '?') || ' points' as description,
        cast(projects.indicator_points_stated as decimal(20, 2)) as lhs_yuan,
        indicator_scores.score_sum as rhs_yuan,
        cast(0 as decimal(20, 2)) as tolerance_yuan,
        'P01' as tables_involved,
        indicator_scores.pages as pages_involved,
        projects.indicator_points_stated is not null as applicable,
        'points' as value_unit
    from projects
    inner join indicator_scores
        on projects.disclosure_id = indicator_scores.disclosure_id and projects.table_seq = indicator_scores.table_seq
            and projects.project_no = indicator_scores.project_no
),

mapped as (
    select
        projects.disclosure_id, map.subject_code, sum(funds.total_funds_yuan) as project_total,
        max(funds.rounding_unit_yuan) as rounding_unit_yuan,
        string_agg(projects.project_name, '、' order by projects.table_seq, projects.project_no) as names,
        string_agg(cast(funds.page_number as varchar), ',' order by projects.table_seq, projects.project_no) as pages
    from projects
    inner join funds
        on projects.disclosure_id = funds.disclosure_id and projects.table_seq = funds.table_seq
            and projects.project_no = funds.project_no
    inner join {{ ref('stg_raw__disclosures') }} as disclosures on projects.disclosure_id = disclosures.disclosure_id
    inner join {{ ref('project_subjects') }} as map
        on disclosures.unit_name = map.unit_name
            and disclosures.fiscal_year = map.fiscal_year
            and projects.project_name = map.project_name
    group by all
),

subject_projects as (
    select
        mapped.disclosure_id,
        'P:subject:' || mapped.subject_code as check_id,
        'subject' as rule_id, cast(null as varchar) as table_code, cast(null as integer) as table_seq,
        cast(null as integer) as project_no, mapped.subject_code,
        '支出总表 ' || mapped.subject_code || ' 项目支出 = sum of its projects (' || mapped.names || ')' as description,
        t03.amount_yuan as lhs_yuan,
        mapped.project_total as rhs_yuan,
        greatest(mapped.rounding_unit_yuan, coalesce(t03.rounding_unit_yuan, 0)) as tolerance_yuan,
        'P01,T03' as tables_involved,
        coalesce(cast(t03.page_number as varchar) || ',', '') || mapped.pages as pages_involved,
        true as applicable,
        'yuan' as value_unit
    from mapped
    left join {{ ref('int_cell_measures') }} as t03
        on mapped.disclosure_id = t03.disclosure_id
            and t03.table_code = 'T03'
            and t03.row_role = 'subject' and t03.subject_code is not null
            and mapped.subject_code = t03.subject_code
            and t03.measure = 'project'
)

select {{ recon_columns(
    'project', applicable='applicable', value_unit='value_unit', rule_id='rule_id', table_code='table_code',
    table_seq='table_seq', project_no='project_no', subject_code='subject_code'
) }}
from (
    select * from fund_checks
    union all select * from score_checks
    union all select * from subject_projects
) as checks
