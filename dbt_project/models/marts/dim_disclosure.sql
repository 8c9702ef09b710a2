with disclosures as (
    select * from {{ ref('stg_raw__disclosures') }}
),

sets as (
    select * from {{ ref('stg_raw__disclosure_sets') }}
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
    fiscal_year,
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
    metadata_source,
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
