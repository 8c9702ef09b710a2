{#- The pages a disclosure's content rules read. A disclosure published as several files (情况说明 and 报表
    apart, set roles narrative and tables) is read as one: its rules are decided once, on the set's narrative file (else its first file), over
    the pages of every file of the set. A page is a table page when a located standard table (T01–T09, P01)
    is printed on it, else a narrative page. -#}
with disclosures as (
    select * from {{ ref('stg_raw__disclosures') }} where load_status in ('loaded', 'partial')
),

sets as (
    -- only a disclosure split over files (its narrative apart from its tables) is read as one; whole files of
    -- one unit and year (versions, copies) are each read on their own
    select
        disclosures.disclosure_id,
        case when sets.set_role in ('narrative', 'tables') then sets.set_id else disclosures.disclosure_id end as set_id,
        sets.set_role
    from disclosures
    left join {{ ref('stg_raw__disclosure_sets') }} as sets using (disclosure_id)
),

reporters as (
    -- the one file of each set that carries its content findings
    select set_id, arg_min(disclosure_id, case when set_role = 'narrative' then 0 else 1 end || disclosure_id) as disclosure_id
    from sets
    group by set_id
),

table_pages as (
    select distinct tables.disclosure_id, cast(page.page as integer) as page_number
    from {{ ref('stg_raw__located_tables') }} as tables,
        unnest(string_split(tables.pages, ',')) as page (page)
    where tables.table_code <> 'X'
)

select
    reporters.disclosure_id,
    pages.disclosure_id as file_disclosure_id,
    pages.page_number,
    pages.ruled,
    pages.text,
    pages.flat_text,
    case when table_pages.page_number is null then 'narrative' else 'table' end as page_role
from reporters
inner join sets using (set_id)
inner join {{ ref('stg_raw__page_texts') }} as pages on pages.disclosure_id = sets.disclosure_id
left join table_pages on table_pages.disclosure_id = pages.disclosure_id and table_pages.page_number = pages.page_number
