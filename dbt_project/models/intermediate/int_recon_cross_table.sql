{#- Identities between tables: the checks listed in the cross_table_checks seed, plus the 类-level
    comparisons (收支总表 vs 支出总表, 财政拨款收支总表 vs 一般公共预算支出表) and the income items
    that the 收支总表 and the 收入总表 both print. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with facts as (
    select * from {{ changed(ref('int_recon_facts'), 'int_recon_facts') }}
),

disclosures as (
    select distinct disclosure_id from facts
),

listed as (
    select checks.check_id, checks.description, checks.comparison, sides.side, trim(key.key) as fact_key
    from {{ ref('cross_table_checks') }} as checks
    cross join (values ('lhs'), ('rhs')) as sides (side)
    cross join unnest(string_split(case sides.side when 'lhs' then checks.lhs_keys else checks.rhs_keys end, '+')) as key (key)
),

listed_values as (
    select
        disclosures.disclosure_id,
        listed.check_id,
        -- the name the catalogue gives the check (X:T01-T03:expenditure_total → expenditure_total)
        any_value(split_part(listed.check_id, ':', 3)) as rule_id,
        cast(null as varchar) as subject_code,
        any_value(listed.description) as description,
        any_value(listed.comparison) as comparison,
        sum(case when listed.side = 'lhs' then facts.amount_yuan end) as lhs_yuan,
        sum(case when listed.side = 'rhs' then facts.amount_yuan end) as rhs_yuan,
        -- every key of the check must be printed somewhere in the disclosure, or the check does not apply
        count(distinct listed.fact_key) filter (where facts.fact_key is not null)
        = count(distinct listed.fact_key) as all_present,
        coalesce(max(facts.rounding_unit_yuan), 0) as tolerance_yuan,
        string_agg(distinct facts.table_code, ',' order by facts.table_code) as tables_involved,
        {{ page_list('facts.page_number') }} as pages_involved
    from disclosures
    cross join listed
    left join facts
        on disclosures.disclosure_id = facts.disclosure_id and listed.fact_key = facts.fact_key
    group by disclosures.disclosure_id, listed.check_id
),

income_items as (
    select
        t01.disclosure_id,
        'X:T01-T02:' || substr(t01.fact_key, 8) as check_id,
        substr(t01.fact_key, 8) as rule_id,
        cast(null as varchar) as subject_code,
        '收支总表 ' || substr(t01.fact_key, 8) || ' = 收入总表 ' || substr(t01.fact_key, 8) as description,
        '=' as comparison,
        t01.amount_yuan as lhs_yuan,
        t02.amount_yuan as rhs_yuan,
        true as all_present,
        greatest(t01.rounding_unit_yuan, t02.rounding_unit_yuan) as tolerance_yuan,
        'T01,T02' as tables_involved,
        t01.page_number || ',' || t02.page_number as pages_involved
    from facts as t01
    inner join facts as t02
        on t01.disclosure_id = t02.disclosure_id
            and t02.fact_key = 'T02.' || substr(t01.fact_key, 8)
    where t01.fact_key like 'T01.in.%'
),

class_names as (
    select subject_code, subject_name as name from {{ ref('function_classes') }}
    union all
    select subject_code, alias from {{ ref('function_class_aliases') }}
),

list_classes as (
    -- 类 rows of the list tables, printed by name: 一、一般公共服务支出 / （一）一般公共服务支出
    select items.* exclude (subject_code), class_names.subject_code
    from {{ changed(ref('int_list_items')) }} as items
    inner join class_names on items.item_key = class_names.name
    where items.side = 2
),

class_figures as (
    -- a 支出 table's figure for a 类: its printed 类 row, else the sum of its rows (int_class_figures)
    select
        disclosure_id, table_code, class_code, measure,
        sum(amount_yuan) as amount_yuan, max(rounding_unit_yuan) as rounding_unit_yuan,
        bool_or(is_class_row) as class_printed,
        {{ page_list('page_number') }} as pages
    from {{ changed(ref('int_class_figures')) }}
    group by all
),

t01_classes as (
    select
        list_classes.disclosure_id,
        'X:T01-T03:class:' || list_classes.subject_code as check_id,
        'class' as rule_id,
        list_classes.subject_code,
        '收支总表 ' || list_classes.item_key || ' = 支出总表 ' || list_classes.subject_code || ' 类'
        || case when figures.class_printed then '' when not figures.class_printed then ' (sum of its rows)' else ' (none printed)' end
            as description,
        '=' as comparison,
        list_classes.amount_yuan as lhs_yuan,
        figures.amount_yuan as rhs_yuan,
        coalesce(t03.has_subjects, false) as all_present,
        greatest(list_classes.rounding_unit_yuan, coalesce(figures.rounding_unit_yuan, 0)) as tolerance_yuan,
        'T01,T03' as tables_involved,
        list_classes.page_number || coalesce(',' || figures.pages, '') as pages_involved
    from list_classes
    left join class_figures as figures
        on list_classes.disclosure_id = figures.disclosure_id
            and list_classes.subject_code = figures.class_code
            and figures.table_code = 'T03'
            and figures.measure = 'total'
    -- only where the 支出总表 itself breaks its total down by subject (a table whose total column was not
    -- read compares nothing)
    left join (
        select distinct disclosure_id, true as has_subjects from class_figures where table_code = 'T03' and measure = 'total'
    ) as t03 on list_classes.disclosure_id = t03.disclosure_id
    where list_classes.table_code = 'T01'
        -- the first amount column of the expenditure side (合计 where the side has several)
        and list_classes.column_index = (
            select min(first.column_index) from {{ changed(ref('int_list_items')) }} as first
            where first.disclosure_id = list_classes.disclosure_id
                and first.table_seq = list_classes.table_seq
                and first.side = list_classes.side
        )
),

carryover as (
    select disclosure_id, coalesce(sum(amount_yuan), 0) as amount_yuan
    from facts where fact_key = 'T04.in.上年结转/一般公共预算拨款'
    group by all
),

t04_classes as (
    select
        list_classes.disclosure_id,
        'X:T04-T05:class:' || list_classes.subject_code as check_id,
        'class' as rule_id,
        list_classes.subject_code,
        '财政拨款收支总表 ' || list_classes.item_key || ' 一般公共预算拨款 = 一般公共预算支出表 '
        || list_classes.subject_code || ' 类'
        || case when figures.class_printed then '' when not figures.class_printed then ' (sum of its rows)' else ' (none printed)' end
        || case when coalesce(carryover.amount_yuan, 0) <> 0
                then ' (not comparable by 类: the 财政拨款收支总表 includes 上年结转 that the 一般公共预算支出表 omits)'
            else ''
        end as description,
        '=' as comparison,
        list_classes.amount_yuan as lhs_yuan,
        figures.amount_yuan as rhs_yuan,
        coalesce(carryover.amount_yuan, 0) = 0 and coalesce(t05.has_subjects, false) as all_present,
        greatest(list_classes.rounding_unit_yuan, coalesce(figures.rounding_unit_yuan, 0)) as tolerance_yuan,
        'T04,T05' as tables_involved,
        list_classes.page_number || coalesce(',' || figures.pages, '') as pages_involved
    from list_classes
    inner join {{ changed(ref('int_cell_measures')) }} as measured
        on {{ same_cell('measured', 'list_classes') }}
            and measured.fund_scope = 'general_public_budget'
    left join class_figures as figures
        on figures.disclosure_id = list_classes.disclosure_id
            and figures.class_code = list_classes.subject_code
            and figures.table_code = 'T05'
            and figures.measure = 'total'
    left join carryover on carryover.disclosure_id = list_classes.disclosure_id
    -- only where the 一般公共预算支出表's total column was read by subject
    left join (
        select distinct disclosure_id, true as has_subjects from class_figures where table_code = 'T05' and measure = 'total'
    ) as t05 on t05.disclosure_id = list_classes.disclosure_id
    where list_classes.table_code = 'T04'
),

all_checks as (
    select * from listed_values
    union all select * from income_items
    union all select * from t01_classes
    union all select * from t04_classes
)

select {{ recon_columns(
    'cross_table', applicable='all_present', value_unit="'yuan'", comparison='comparison', rule_id='rule_id',
    subject_code='subject_code'
) }}
from all_checks
