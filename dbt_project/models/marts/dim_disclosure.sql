with disclosures as (
    select * from {{ ref('stg_raw__disclosures') }}
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
    load_status <> 'superseded' as is_current,
    extractor_version
from disclosures
