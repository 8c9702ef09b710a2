with source as (
    select * from {{ source('raw', 'disclosures') }}
),

renamed as (
    select
        disclosure_id,
        fiscal_year,
        report_kind,
        scope,
        unit_name,
        source_file,
        source_sha256,
        page_count,
        tables_located,
        standard_tables_missing,
        title as document_title,
        metadata_source,
        document_kind,
        kind_reason,
        status as load_status,
        message as load_message,
        duplicate_files,
        pages_unreadable,
        damage,
        extractor_version,
        narrative_figures,
        narrative_figures_claimed,
        narrative_figures_unaccounted
    from source
)

select * from renamed
