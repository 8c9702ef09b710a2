with source as (
    select * from {{ source('raw', 'located_tables') }}
),

renamed as (
    select
        disclosure_id,
        table_seq,
        table_code,
        table_title,
        first_page,
        last_page,
        pages,
        regions,
        printed_unit,
        unit_source,
        header_rows,
        data_rows,
        status as extraction_status,
        message as extraction_message,
        values_held_back,
        label,
        classified_by,
        classification_note
    from source
)

select * from renamed
