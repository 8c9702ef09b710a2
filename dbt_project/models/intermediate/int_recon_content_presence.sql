{#- What a disclosure must contain (family presence): the nine standard tables and the narrative's sections.
    Each rule holds only where its premise is read. A section is present when a narrative page prints one of
    its words (content_terms, role section); its premise is a narrative read: a disclosure none of whose
    files prints prose (its 情况说明 published apart, in no loaded file) is not_applicable, with that reason.
    A standard table's premise is a file of the disclosure that prints tables at all; not located, it is a
    finding only where nothing suggests it is there unread: no orphan grid, no page naming it, and, for a fund
    table, money of that fund in the 财政拨款收支总表; the basic expenditure by economic class printed within another
    table (its 基本支出 by economic class) is published. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with rules as (
    select * from {{ ref('content_rules') }} where family = 'presence'
),

terms as (
    select * from {{ ref('content_terms') }}
),

pages as (
    select * from {{ changed(ref('int_content_pages'), 'int_content_pages') }}
),

reporters as (
    select
        disclosures.*,
        -- narrative pages that print prose (int_content_pages.is_prose): a cover, a contents page or a page of
        -- tables is no narrative read
        count(*) filter (where pages.is_prose) as narrative_pages,
        -- any table of any kind located in the disclosure's files: where none is, its tables are published apart
        exists(
            select 1 from {{ changed(ref('stg_raw__located_tables')) }} as tables
            where tables.disclosure_id in (select file_disclosure_id from pages as own where own.disclosure_id = disclosures.disclosure_id)
        ) as prints_tables
    from {{ changed(ref('stg_raw__disclosures')) }} as disclosures
    inner join pages using (disclosure_id)
    group by all
),

{%- set quote = quote_match('pages.flat_text', 'terms.pattern') %}

section_hits as (
    select
        pages.disclosure_id,
        terms.rule_id,
        terms.role,
        coalesce(terms.subject, '') as subject,
        min(pages.page_number) as page_number,
        -- the first page's quote outside a table of contents; of several on that page, the first by text
        arg_min({{ quote }}, (contains(pages.flat_text, '目录'), pages.page_number, {{ quote }})) as quoted
    from pages
    inner join terms on regexp_matches(pages.flat_text, terms.pattern)
    where (pages.page_role = 'narrative' or (pages.page_role = 'projects' and terms.role = 'section'))
        and terms.role in ('section', 'item')
    group by all
),

performance_tables as (
    -- a 项目绩效目标表 or a department's performance form is the performance section's table
    select distinct pages.disclosure_id
    from pages
    inner join {{ changed(ref('stg_raw__located_tables')) }} as tables on pages.file_disclosure_id = tables.disclosure_id
    where tables.table_code = 'P01' or contains(tables.table_title, '绩效')
),

sections as (
    select
        reporters.disclosure_id,
        rules.rule_id,
        rules.requirement,
        {{ rule_applies('rules', 'reporters') }} as applies,
        reporters.narrative_pages,
        hits.page_number,
        hits.quoted,
        performance_tables.disclosure_id is not null as has_performance_table
    from reporters
    cross join rules
    left join section_hits as hits
        on reporters.disclosure_id = hits.disclosure_id and rules.rule_id = hits.rule_id and hits.role = 'section'
    left join performance_tables on reporters.disclosure_id = performance_tables.disclosure_id
    where rules.rule_id like 'section_%'
),

other_matters as (
    -- the matters a 其他相关情况说明 holds, each stated somewhere: the heading itself is then no omission
    select disclosure_id, bool_and(page_number is not null or has_performance_table) as all_stated
    from sections
    where rule_id in ('section_operating_costs', 'section_procurement', 'section_assets', 'section_performance')
    group by disclosure_id
),

three_public_items as (
    -- the 三公 explanation names every item: the items no narrative page names
    select
        sections.disclosure_id,
        string_agg(terms.subject, '、' order by terms.subject) filter (where hits.page_number is null) as missing,
        string_agg(hits.quoted, ' / ' order by hits.page_number, hits.quoted) as quoted,
        {{ page_list('hits.page_number') }} as pages
    from sections
    inner join terms on sections.rule_id = terms.rule_id and terms.role = 'item'
    left join section_hits as hits
        on sections.disclosure_id = hits.disclosure_id and terms.rule_id = hits.rule_id and terms.subject = hits.subject
    where sections.rule_id = 'section_three_public'
    group by all
),

section_checks as (
    select
        sections.disclosure_id,
        'C:' || sections.rule_id as check_id,
        sections.rule_id,
        sections.requirement
        || case
            when sections.rule_id = 'section_other' and sections.page_number is null and other_matters.all_stated
                then ': no heading of its own; 机关运行经费, 政府采购, 国有资产 and 绩效 are each stated'
            when sections.page_number is null and sections.narrative_pages > 0 then ': no narrative page states it'
            when sections.narrative_pages = 0 and sections.page_number is null
                then ': not applicable, no narrative (情况说明) is read in this file or its set (published apart, not loaded)'
            when items.missing is not null then ': the “三公” explanation does not name ' || items.missing
            else ''
        end as description,
        case
            when not sections.applies then 'not_applicable'
            when sections.rule_id = 'section_performance' and sections.has_performance_table then 'pass'
            when sections.rule_id = 'section_other' and sections.page_number is null and other_matters.all_stated then 'pass'
            when sections.narrative_pages = 0 and sections.page_number is null then 'not_applicable'
            when sections.page_number is null then 'fail'
            when items.missing is not null then 'fail'
            else 'pass'
        end as status,
        coalesce(items.pages, cast(sections.page_number as varchar)) as pages,
        coalesce(items.quoted, sections.quoted) as evidence
    from sections
    left join other_matters using (disclosure_id)
    left join three_public_items as items
        on sections.disclosure_id = items.disclosure_id and sections.rule_id = 'section_three_public'
),

standard_tables as (
    select * from (
        values
        ('T01', '收支总表', null), ('T02', '收入总表', null), ('T03', '支出总表', null),
        ('T04', '财政拨款收支总表', null), ('T05', '一般公共预算支出表', null), ('T06', '基本支出表', null),
        ('T07', '政府性基金', '政府性基金'), ('T08', '国有资本经营', '国有资本经营'), ('T09', '三公', null)
    -- the alias names the list's columns: the linter takes it for unused
    ) as t (table_code, title_word, fund_word)  -- noqa: AL05
),

located as (
    select
        pages.disclosure_id,
        tables.table_code,
        string_agg(tables.table_title || ' (p. ' || tables.pages || ')', '; ' order by tables.pages, tables.table_title) as titles,
        min(tables.first_page) as first_page
    from (select distinct disclosure_id, file_disclosure_id from pages) as pages
    inner join {{ changed(ref('stg_raw__located_tables')) }} as tables on pages.file_disclosure_id = tables.disclosure_id
    group by all
),

named as (
    -- a page that prints the table's name: the table may be there, unread
    select pages.disclosure_id, standard_tables.table_code, min(pages.page_number) as page_number
    from pages
    inner join standard_tables
        on contains(pages.flat_text, standard_tables.title_word)
            and contains(pages.flat_text, '表')
    group by all
),

orphans as (
    select distinct pages.disclosure_id
    from (select distinct disclosure_id, file_disclosure_id from pages) as pages
    inner join {{ changed(ref('stg_raw__extraction_coverage')) }} as coverage on pages.file_disclosure_id = coverage.disclosure_id
    where coverage.region_kind = 'orphan_grid' and coverage.amounts_printed > 0
),

basic_within as (
    -- the basic expenditure by economic class printed within another table (深圳: 基本支出总表 by economic class, or
    -- 一般公共预算支出表（按经济分类） with a 基本支出 column): the T06 figures are published under another title
    select
        pages.disclosure_id,
        'T06' as table_code,
        string_agg(
            distinct tables.table_title || ' (p. ' || tables.pages || ')',
            '; ' order by tables.table_title || ' (p. ' || tables.pages || ')'
        ) as titles,
        min(tables.first_page) as first_page
    from (select distinct disclosure_id, file_disclosure_id from pages) as pages
    inner join {{ changed(ref('stg_raw__located_tables')) }} as tables on pages.file_disclosure_id = tables.disclosure_id
    inner join {{ changed(ref('int_table_cells')) }} as cells
        on tables.disclosure_id = cells.disclosure_id and tables.table_seq = cells.table_seq
    where tables.table_code = 'X' and regexp_matches(cells.subject_code, '^30[1-9]')
        and (contains(tables.table_title, '基本支出') or contains(cells.column_path, '基本支出'))
    group by all
),

fund_money as (
    -- the 财政拨款收支总表's money of each fund: unknown where the table is not located
    select
        pages.disclosure_id,
        standard_tables.table_code,
        max(abs(coalesce(cells.amount_yuan, 0))) > 0 as has_money
    from (select distinct disclosure_id, file_disclosure_id from pages) as pages
    inner join {{ changed(ref('int_table_cells')) }} as cells on pages.file_disclosure_id = cells.disclosure_id
    inner join standard_tables
        on standard_tables.fund_word is not null
            and (contains(cells.row_label, standard_tables.fund_word) or contains(cells.column_path, standard_tables.fund_word))
    where cells.table_code = 'T04'
    group by all
),

fund_money_printed as (
    -- a located 财政拨款收支总表 that names no such fund shows none of its money
    select * from fund_money
    union all
    select located.disclosure_id, standard_tables.table_code, false as has_money
    from located
    cross join standard_tables
    where located.table_code = 'T04' and standard_tables.fund_word is not null
        and not exists (
            select 1 from fund_money
            where fund_money.disclosure_id = located.disclosure_id and fund_money.table_code = standard_tables.table_code
        )
),

table_checks as (
    select
        reporters.disclosure_id,
        'C:tables_standard:' || standard_tables.table_code as check_id,
        'tables_standard' as rule_id,
        'The standard table ' || standard_tables.table_code || ' (' || standard_tables.title_word || ') is published'
        || case
            when located.table_code is not null then ''
            when within.table_code is not null then ': printed within ' || within.titles
            when not reporters.prints_tables
                then ': not applicable, no file of this disclosure prints tables (published apart, not loaded)'
            when standard_tables.fund_word is not null and fund_money.has_money is false
                then ': not found, and the 财政拨款收支总表 shows no ' || standard_tables.fund_word || ' money'
            when named.page_number is not null then ': a page names it, but no such table was read'
            when orphans.disclosure_id is not null then ': not found, and a grid of the document was read under no title'
            else ': not found in the document'
        end as description,
        case
            when not {{ rule_applies('rules', 'reporters') }} then 'not_applicable'
            when located.table_code is not null then 'pass'
            when within.table_code is not null then 'pass'
            when not reporters.prints_tables then 'not_applicable'
            when standard_tables.fund_word is not null and fund_money.has_money is false then 'not_applicable'
            when standard_tables.fund_word is not null and fund_money.has_money is null then 'unsure'
            when named.page_number is not null or orphans.disclosure_id is not null then 'unsure'
            else 'fail'
        end as status,
        cast(coalesce(located.first_page, within.first_page, named.page_number) as varchar) as pages,
        coalesce(located.titles, within.titles) as evidence,
        standard_tables.table_code as tables
    from reporters
    cross join standard_tables
    inner join rules on rules.rule_id = 'tables_standard'
    left join located on reporters.disclosure_id = located.disclosure_id and standard_tables.table_code = located.table_code
    left join named on reporters.disclosure_id = named.disclosure_id and standard_tables.table_code = named.table_code
    left join basic_within as within
        on reporters.disclosure_id = within.disclosure_id and standard_tables.table_code = within.table_code
    left join orphans on reporters.disclosure_id = orphans.disclosure_id
    left join fund_money_printed as fund_money
        on reporters.disclosure_id = fund_money.disclosure_id and standard_tables.table_code = fund_money.table_code
)

select {{ content_columns('presence', 'status', 'description', 'evidence', 'pages') }}
from section_checks
union all
select {{ content_columns('presence', 'status', 'description', 'evidence', 'pages', tables='tables', table_code='tables') }}
from table_checks
