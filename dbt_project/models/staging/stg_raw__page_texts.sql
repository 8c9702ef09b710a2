with source as (
    select * from {{ source('raw', 'page_texts') }}
)

select
    disclosure_id,
    page_number,
    width,
    height,
    ruled,
    text,
    -- the page as one run of text: a sentence that wraps over lines is found whole
    regexp_replace(text, '\s+', '', 'g') as flat_text
from source
