{#- The pages a disclosure's content rules read. A disclosure published as several files (情况说明 and 报表
    apart, set roles narrative and tables) is read as one: its rules are decided once, on the set's narrative file (else its first file), over
    the pages of every file of the set. A page is a table page when a located standard table (T01–T09) is
    printed on it, a projects page when a 项目绩效目标表 is (its sections are read there, nothing else), else a
    narrative page; a narrative page is prose when no located table of any kind is
    printed on it and it holds two sentences at least (the premise of the rules that read the narrative: a
    cover, a contents page or a page of other tables is no narrative read). -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with disclosures as (
    -- disclosures only: a performance document is loaded as what it is, and no disclosure's rules apply to it
    select * from {{ changed(ref('stg_raw__disclosures'), 'stg_raw__disclosures') }}
    where load_status in ('loaded', 'partial') and coalesce(document_kind, 'disclosure') = 'disclosure'
),

sets as (
    -- only a disclosure split over files (its narrative apart from its tables) is read as one; whole files of
    -- one unit and year (versions, copies) are each read on their own
    select
        disclosures.disclosure_id,
        case when sets.set_role in ('narrative', 'tables') then sets.set_id else disclosures.disclosure_id end as set_id,
        sets.set_role
    from disclosures
    left join {{ changed(ref('stg_raw__disclosure_sets')) }} as sets using (disclosure_id)
),

reporters as (
    -- the one file of each set that carries its content findings
    select set_id, arg_min(disclosure_id, case when set_role = 'narrative' then 0 else 1 end || disclosure_id) as disclosure_id
    from sets
    group by set_id
),

table_pages as (
    select
        tables.disclosure_id,
        cast(page.page as integer) as page_number,
        bool_or(tables.table_code not in ('X', 'P01')) as standard,
        bool_or(tables.table_code = 'P01') as projects
    from {{ changed(ref('stg_raw__located_tables')) }} as tables,
        unnest(string_split(tables.pages, ',')) as page (page)
    group by all
)

select
    reporters.disclosure_id,
    pages.disclosure_id as file_disclosure_id,
    pages.page_number,
    pages.ruled,
    pages.text,
    pages.flat_text,
    -- a page of a project list printed within the narrative (深圳: 第七部分's list, then 二、国有资产占用情况 below it)
    -- may carry a section's heading: its own role, read for sections only
    case
        when coalesce(table_pages.standard, false) then 'table'
        when coalesce(table_pages.projects, false) then 'projects'
        else 'narrative'
    end as page_role,
    table_pages.page_number is null and regexp_matches(pages.flat_text, '。.*。') as is_prose
from reporters
inner join sets using (set_id)
inner join {{ changed(ref('stg_raw__page_texts')) }} as pages on sets.disclosure_id = pages.disclosure_id
left join table_pages on pages.disclosure_id = table_pages.disclosure_id and pages.page_number = table_pages.page_number
