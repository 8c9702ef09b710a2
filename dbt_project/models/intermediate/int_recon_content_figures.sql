{#- Figures a disclosure must get right beyond its sums (family figures): the “三公” actual within its budget
    (final accounts), the narrative's 政府采购 split and SME share, the performance table's funds within the
    支出总表's 项目支出 (budgets), no negative amount outside the columns that may be, the 收入总表 and 支出总表
    listing the same subjects with the same 合计 (budgets), no stray year in a table title, and one unit named in the
    captions of all its tables (编制单位：… / 部门：…; a name cut by a line break is the same name). -#}
with rules as (
    select * from {{ ref('content_rules') }} where family = 'figures'
),

disclosures as (
    select * from {{ ref('stg_raw__disclosures') }} where load_status in ('loaded', 'partial')
),

three_public as (
    select disclosure_id, item, basis, any_value(amount_yuan) as amount_yuan, max(rounding_unit_yuan) as rounding,
        min(page_number) as page_number, count(*) as n
    from {{ ref('int_three_public_items') }}
    where report_kind = 'final_accounts'
    group by all
),

overspend as (
    select
        actual.disclosure_id,
        'C:three_public_overspend:' || actual.item as check_id,
        '“三公” ' || actual.item || ': 决算数 ≤ 预算数' as description,
        actual.amount_yuan as lhs,
        budget.amount_yuan as rhs,
        greatest(actual.rounding, budget.rounding) as tolerance,
        case
            when actual.n > 1 or budget.n > 1 then 'unsure'
            when actual.amount_yuan <= budget.amount_yuan + greatest(actual.rounding, budget.rounding) then 'pass'
            else 'fail'
        end as status,
        'T09' as tables,
        cast(actual.page_number as varchar) as pages,
        cast(null as varchar) as evidence
    from three_public as actual
    inner join three_public as budget on budget.disclosure_id = actual.disclosure_id and budget.item = actual.item
    where actual.basis = 'actual' and budget.basis = 'budget'
),

procurement_claims as (
    select
        claims.*,
        case
            when regexp_matches(subject_text, '中小企业') then 'smes'
            when regexp_matches(subject_text, '小型|微型') then null
            when regexp_matches(subject_text, '货物') then 'goods'
            when regexp_matches(subject_text, '工程') then 'works'
            when regexp_matches(subject_text, '服务') then 'services'
            when regexp_matches(subject_text, '政府采购') then 'total'
        end as part
    from {{ ref('stg_raw__narrative_claims') }} as claims
    where regexp_matches(claims.sentence || claims.subject_text, '政府采购') and claims.percent_kind is null
        and claims.stated_amount_yuan is not null
),

procurement as (
    -- a total and the parts stated in the claims right after it (before the next total)
    select
        total.disclosure_id,
        total.claim_no,
        total.page_number,
        total.stated_amount_yuan as total_yuan,
        total.amount_precision_yuan as total_precision,
        total.sentence,
        count(distinct part.part) filter (where part.part in ('goods', 'works', 'services')) as kinds,
        count(*) filter (where part.part in ('goods', 'works', 'services')) as parts,
        sum(part.stated_amount_yuan) filter (where part.part in ('goods', 'works', 'services')) as parts_yuan,
        max(part.amount_precision_yuan) as parts_precision,
        max(part.stated_amount_yuan) filter (where part.part = 'smes') as smes_yuan,
        count(*) filter (where part.part = 'smes') as smes
    from procurement_claims as total
    left join procurement_claims as part
        on part.disclosure_id = total.disclosure_id and part.claim_no between total.claim_no + 1 and total.claim_no + 8
        and part.part <> 'total'
        and not exists (
            select 1 from procurement_claims as other
            where other.disclosure_id = total.disclosure_id and other.part = 'total'
                and other.claim_no > total.claim_no and other.claim_no < part.claim_no
        )
    where total.part = 'total'
    group by all
),

procurement_checks as (
    select
        disclosure_id,
        'C:procurement_sum:' || claim_no as check_id,
        '政府采购 total = 货物 + 工程 + 服务, as the narrative states them' as description,
        total_yuan as lhs,
        parts_yuan as rhs,
        greatest(total_precision, parts_precision) as tolerance,
        case when abs(total_yuan - parts_yuan) <= greatest(total_precision, parts_precision) then 'pass' else 'fail' end as status,
        cast(null as varchar) as tables,
        cast(page_number as varchar) as pages,
        left(sentence, 200) as evidence
    from procurement
    where kinds = 3 and parts = 3
    union all
    select
        disclosure_id,
        'C:procurement_smes:' || claim_no as check_id,
        '政府采购 for 中小企业 ≤ the 政府采购 total' as description,
        smes_yuan as lhs,
        total_yuan as rhs,
        total_precision as tolerance,
        case when smes_yuan <= total_yuan + total_precision then 'pass' else 'fail' end as status,
        cast(null as varchar) as tables,
        cast(page_number as varchar) as pages,
        left(sentence, 200) as evidence
    from procurement
    where smes = 1
),

project_funds as (
    select disclosure_id, sum(total_funds_yuan) as funds_yuan, max(rounding_unit_yuan) as rounding, {{ page_list('page_number') }} as pages
    from {{ ref('int_project_funds') }}
    group by disclosure_id
),

project_spending as (
    select disclosure_id, any_value(amount_yuan) as amount_yuan, max(rounding_unit_yuan) as rounding,
        min(page_number) as page_number, count(*) as n
    from {{ ref('int_cell_measures') }}
    where table_code = 'T03' and measure = 'project' and row_role = 'total'
    group by disclosure_id
),

performance_checks as (
    select
        disclosures.disclosure_id,
        'C:performance_funds' as check_id,
        '项目绩效目标表 funds ≤ 支出总表 项目支出' as description,
        project_funds.funds_yuan as lhs,
        project_spending.amount_yuan as rhs,
        greatest(project_funds.rounding, project_spending.rounding) as tolerance,
        case
            when disclosures.report_kind <> 'budget' then 'not_applicable'
            when project_spending.n > 1 then 'unsure'
            when project_funds.funds_yuan <= project_spending.amount_yuan + greatest(project_funds.rounding, project_spending.rounding) then 'pass'
            else 'fail'
        end as status,
        'P01,T03' as tables,
        project_funds.pages || ',' || project_spending.page_number as pages,
        cast(null as varchar) as evidence
    from disclosures
    inner join project_funds using (disclosure_id)
    inner join project_spending using (disclosure_id)
),

allowed as (
    select string_agg(pattern, '|') as pattern from {{ ref('content_terms') }} where rule_id = 'negative_amount'
),

negative_checks as (
    select
        cells.disclosure_id,
        'C:negative_amount:' || cells.table_code || '#' || cells.table_seq || ':r' || cells.row_number || 'c' || cells.column_index as check_id,
        cells.table_code || ' ' || cells.table_title || ', ' || cells.row_label || ' / ' || cells.column_path || ': no negative amount' as description,
        cells.amount_yuan as lhs,
        cast(0 as decimal(20, 2)) as rhs,
        cells.rounding_unit_yuan as tolerance,
        'fail' as status,
        cells.table_code as tables,
        cast(cells.page_number as varchar) as pages,
        cells.printed_value as evidence
    from {{ ref('int_table_cells') }} as cells
    cross join allowed
    where cells.amount_yuan < 0 and cells.table_code like 'T0%'
        and not regexp_matches(coalesce(cells.column_path, '') || coalesce(cells.row_label, ''), allowed.pattern)
),

subject_totals as (
    -- each subject's 合计 in the 收入总表 (its 合计 column) and in the 支出总表 (its total measure), budgets only
    select cells.disclosure_id, cells.table_code, cells.subject_code, any_value(cells.amount_yuan) as amount_yuan,
        max(cells.rounding_unit_yuan) as rounding, min(cells.page_number) as page_number, count(*) as n
    from (
        select disclosure_id, table_code, subject_code, amount_yuan, rounding_unit_yuan, page_number, row_role
        from {{ ref('int_table_cells') }}
        where table_code = 'T02' and (column_path = '合计' or ends_with(column_path, '/合计'))
        union all
        select disclosure_id, table_code, subject_code, amount_yuan, rounding_unit_yuan, page_number, row_role
        from {{ ref('int_cell_measures') }}
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
        '收入总表 and 支出总表, subject ' || coalesce(income.subject_code, spending.subject_code) || ': the same 合计'
        || case when income.subject_code is null then ' (printed in the 支出总表 only)'
            when spending.subject_code is null then ' (printed in the 收入总表 only)' else '' end as description,
        income.amount_yuan as lhs,
        spending.amount_yuan as rhs,
        greatest(income.rounding, spending.rounding, 0) as tolerance,
        case
            when income.n > 1 or spending.n > 1 then 'unsure'
            when abs(coalesce(income.amount_yuan, 0) - coalesce(spending.amount_yuan, 0)) <= greatest(income.rounding, spending.rounding, 0) then 'pass'
            else 'fail'
        end as status,
        'T02,T03' as tables,
        concat_ws(',', income.page_number, spending.page_number) as pages,
        cast(null as varchar) as evidence
    from (select * from subject_totals where table_code = 'T02') as income
    full join (select * from subject_totals where table_code = 'T03') as spending
        on spending.disclosure_id = income.disclosure_id and spending.subject_code = income.subject_code
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
        tables.table_code || ' ' || tables.table_title || ': its title names the disclosure''s own year ' || disclosures.fiscal_year as description,
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
    from {{ ref('stg_raw__located_tables') }} as tables
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
        from {{ ref('int_content_pages') }} as pages
        where pages.page_role = 'table'
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
        'One unit named in the captions of all its tables' as description,
        cast(null as decimal(20, 2)) as lhs,
        cast(null as decimal(20, 2)) as rhs,
        cast(0 as decimal(20, 2)) as tolerance,
        case
            when exists (
                select 1 from caption_names as a
                inner join caption_names as b on b.disclosure_id = a.disclosure_id
                where a.disclosure_id = disclosures.disclosure_id
                    and not contains(a.unit_name, b.unit_name) and not contains(b.unit_name, a.unit_name)
            ) then 'fail'
            else 'pass'
        end as status,
        cast(null as varchar) as tables,
        (select {{ page_list('n.page_number') }} from caption_names as n where n.disclosure_id = disclosures.disclosure_id) as pages,
        (select string_agg(n.unit_name || ' (p. ' || n.page_number || ')', ' | ' order by n.page_number)
            from caption_names as n where n.disclosure_id = disclosures.disclosure_id) as evidence
    from disclosures
    where disclosures.disclosure_id in (select disclosure_id from caption_names)
),

checks as (
    select * from overspend
    union all select * from unit_name_checks
    union all select * from procurement_checks
    union all select * from performance_checks
    union all select * from negative_checks
    union all select * from mirror_checks
    union all select * from title_checks
)

select {{ content_columns(
    'figures',
    "case when not " ~ rule_applies('rules', 'disclosures') ~ " then 'not_applicable' else checks.status end",
    'checks.description', 'checks.evidence', 'checks.pages', tables='checks.tables', value_unit="'yuan'",
    lhs='checks.lhs', rhs='checks.rhs', tolerance='coalesce(checks.tolerance, 0)'
) }}
from checks
inner join disclosures using (disclosure_id)
inner join rules on rules.rule_id = split_part(checks.check_id, ':', 2)
