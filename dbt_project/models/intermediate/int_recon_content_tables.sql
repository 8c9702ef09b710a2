{#- The tables against each other (family figures): the 收入总表 and 支出总表 listing the same subjects with the
    same 合计 (budgets), no stray year in a table title, and one unit named in the captions of all its tables
    (编制单位：… / 部门：…; a name cut by a line break is the same name). -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with rules as (
    select * from {{ ref('content_rules') }} where family = 'figures'
),

disclosures as (
    select * from {{ changed(ref('stg_raw__disclosures'), 'stg_raw__disclosures') }} where load_status in ('loaded', 'partial')
),

subject_totals as (
    -- each subject's 合计 in the 收入总表 (its 合计 column) and in the 支出总表 (its total measure), budgets only
    select
        cells.disclosure_id, cells.table_code, cells.subject_code, any_value(cells.amount_yuan) as amount_yuan,
        max(cells.rounding_unit_yuan) as rounding, min(cells.page_number) as page_number, count(*) as n
    from (
        select disclosure_id, table_code, subject_code, amount_yuan, rounding_unit_yuan, page_number, row_role
        from {{ changed(ref('int_table_cells'), 'int_table_cells') }}
        where table_code = 'T02' and (column_path = '合计' or ends_with(column_path, '/合计'))
        union all
        select disclosure_id, table_code, subject_code, amount_yuan, rounding_unit_yuan, page_number, row_role
        from {{ changed(ref('int_cell_measures'), 'int_cell_measures') }}
        where table_code = 'T03' and measure = 'total'
    ) as cells
    inner join disclosures using (disclosure_id)
    -- 功能分类 codes of expenditure only (2xx): a list of units (114001 …) mirrors nothing
    where disclosures.report_kind = 'budget' and regexp_matches(cells.subject_code, '^2[0-9]{2}([0-9]{2}){0,2}$')
        and cells.row_role is distinct from 'total'
    group by all
),

mirror_checks as (
    select
        coalesce(income.disclosure_id, spending.disclosure_id) as disclosure_id,
        'C:income_expenditure_mirror:' || coalesce(income.subject_code, spending.subject_code) as check_id,
        {{ check_parts(
            rule_id="'income_expenditure_mirror'", subject_code='coalesce(income.subject_code, spending.subject_code)'
        ) }},
        '收入总表 and 支出总表, subject ' || coalesce(income.subject_code, spending.subject_code) || ': the same 合计'
        || case when income.subject_code is null then ' (printed in the 支出总表 only)'
            when spending.subject_code is null then ' (printed in the 收入总表 only)' else ''
        end as description,
        income.amount_yuan as lhs,
        spending.amount_yuan as rhs,
        greatest(income.rounding, spending.rounding, 0) as tolerance,
        case
            when income.n > 1 or spending.n > 1 then 'unsure'
            when
                abs(coalesce(income.amount_yuan, 0) - coalesce(spending.amount_yuan, 0)) <= greatest(income.rounding, spending.rounding, 0)
                then 'pass'
            else 'fail'
        end as status,
        'T02,T03' as tables,
        concat_ws(',', income.page_number, spending.page_number) as pages,
        cast(null as varchar) as evidence
    from (select * from subject_totals where table_code = 'T02') as income
    full join (select * from subject_totals where table_code = 'T03') as spending
        on income.disclosure_id = spending.disclosure_id and income.subject_code = spending.subject_code
    where coalesce(income.disclosure_id, spending.disclosure_id) in (
            -- both tables list subjects: a 收入总表 by source only has nothing to mirror
            select disclosure_id from subject_totals where table_code = 'T02'
            intersect
            select disclosure_id from subject_totals where table_code = 'T03'
        )
),

title_checks as (
    select
        tables.disclosure_id,
        'C:title_year:' || tables.table_seq as check_id,
        {{ check_parts(rule_id="'title_year'", table_code='tables.table_code', table_seq='tables.table_seq') }},
        tables.table_code
        || ' '
        || tables.table_title
        || ': its title names the disclosure''s own year '
        || disclosures.fiscal_year as description,
        cast(null as decimal(20, 2)) as lhs,
        cast(null as decimal(20, 2)) as rhs,
        cast(0 as decimal(20, 2)) as tolerance,
        case
            when list_distinct(regexp_extract_all(tables.table_title, '((?:19|20)[0-9]{2})年', 1))
                = [cast(cast(disclosures.fiscal_year as integer) as varchar)] then 'pass'
            else 'fail'
        end as status,
        tables.table_code as tables,
        cast(tables.first_page as varchar) as pages,
        tables.table_title as evidence
    from {{ changed(ref('stg_raw__located_tables')) }} as tables
    inner join disclosures using (disclosure_id)
    where regexp_matches(tables.table_title, '(19|20)[0-9]{2}年') and disclosures.fiscal_year is not null
),

captions as (
    -- the unit each table page's caption names (部门：江苏省人民检察院 单位：万元 → 江苏省人民检察院)
    select disclosure_id, page_number, regexp_replace(name, '(金额单位|单位)$', '') as unit_name
    from (
        select
            pages.disclosure_id,
            pages.page_number,
            unnest(regexp_extract_all(
                pages.text, '(?:编制单位|编制部门|单位名称|部门名称|预算单位|主管部门|部门|单位)[：:][ 　]*([^\s：:]{2,40})', 1
            )) as name
        from {{ changed(ref('int_content_pages')) }} as pages
        where pages.page_role in ('table', 'projects')
    ) as named
    where not regexp_matches(name, '^(万元|元|千元|亿元)')
),

caption_names as (
    select disclosure_id, unit_name, min(page_number) as page_number
    from captions
    where length(unit_name) >= 2
    group by all
),

unit_name_checks as (
    select
        disclosures.disclosure_id,
        'C:unit_name' as check_id,
        {{ check_parts(rule_id="'unit_name'") }},
        'One unit named in the captions of all its tables' as description,
        cast(null as decimal(20, 2)) as lhs,
        cast(null as decimal(20, 2)) as rhs,
        cast(0 as decimal(20, 2)) as tolerance,
        case
            when exists (
                    select 1 from caption_names as a
                    inner join caption_names as b on a.disclosure_id = b.disclosure_id
                    where a.disclosure_id = disclosures.disclosure_id
                        and not contains(a.unit_name, b.unit_name) and not contains(b.unit_name, a.unit_name)
                ) then 'fail'
            else 'pass'
        end as status,
        cast(null as varchar) as tables,
        (select {{ page_list('n.page_number') }} from caption_names as n where n.disclosure_id = disclosures.disclosure_id) as pages,
        (
            select string_agg(n.unit_name || ' (p. ' || n.page_number || ')', ' | ' order by n.page_number, n.unit_name)
            from caption_names as n where n.disclosure_id = disclosures.disclosure_id
        ) as evidence
    from disclosures
    where disclosures.disclosure_id in (select disclosure_id from caption_names)
),

checks as (
    select * from mirror_checks
    union all select * from title_checks
    union all select * from unit_name_checks
)

{{ figure_rule_rows() }}
