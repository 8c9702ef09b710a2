{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with disclosures as (
    select * from {{ changed(ref('stg_raw__disclosures'), 'stg_raw__disclosures') }}
),

sets as (
    select * from {{ changed(ref('stg_raw__disclosure_sets'), 'stg_raw__disclosure_sets') }}
),

narrative_years as (
    -- a file of tables that states no year is its disclosure's: the year its narrative file states
    select
        sets.tables_disclosure_id as disclosure_id, min(disclosures.fiscal_year) as fiscal_year,
        min(disclosures.source_file) as narrative_file
    from sets
    inner join disclosures using (disclosure_id)
    where sets.set_role = 'narrative' and sets.tables_disclosure_id is not null and disclosures.fiscal_year is not null
    group by all
    having count(distinct disclosures.fiscal_year) = 1
),

set_files as (
    -- every file of a set of more than one, so each file's row names the others
    select set_id, string_agg(disclosures.source_file, '; ' order by disclosures.source_file) as set_files
    from sets
    inner join disclosures using (disclosure_id)
    group by set_id
    having count(*) > 1
)

select
    disclosure_id,
    coalesce(disclosures.fiscal_year, narrative_years.fiscal_year) as fiscal_year,
    report_kind,
    scope,
    unit_name,
    source_file,
    source_sha256,
    duplicate_files,
    page_count,
    tables_located,
    standard_tables_missing,
    document_title,
    case
        when disclosures.fiscal_year is null and narrative_years.fiscal_year is not null
            then metadata_source || '; fiscal_year from its narrative file ' || narrative_years.narrative_file
        else metadata_source
    end as metadata_source,
    document_kind,
    kind_reason,
    load_status,
    load_message,
    pages_unreadable,
    damage,
    load_status <> 'superseded' as is_current,
    extractor_version,
    sets.set_id,
    sets.set_role,
    sets.tables_disclosure_id,
    sets.decided_by as set_decided_by,
    sets.set_note,
    set_files.set_files
from disclosures
left join sets using (disclosure_id)
left join set_files using (set_id)
left join narrative_years using (disclosure_id)
