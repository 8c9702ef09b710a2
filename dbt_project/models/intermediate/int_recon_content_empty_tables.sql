{#- An empty fund or “三公” table carries its note (family empty_table). A table is empty when it is located and
    not one figure is read from it: no grid rows at all (status empty), or a grid whose every amount cell is
    blank. Its note is a sentence holding a note word (content_terms, role note) on the table's own pages, on
    the page after it where that sentence names the table's fund (a note printed under a table that ends a
    page), or a sentence of the narrative that names the table's fund beside a note word. The note on the
    table's page must name this table's fund, not only another's (a note copied from the next table); where
    the page also holds another table the note may be that table's, and nothing is judged. -#}

{{ config(materialized='incremental', incremental_strategy='by_disclosure', on_schema_change='fail') }}

with terms as (
    select * from {{ ref('content_terms') }} where rule_id = 'empty_table_note'
),

notes as (
    select pattern from terms where role = 'note'
),

zero_statements as (
    -- in the narrative, a sentence that states the fund's figure as 0 explains its table too
    select pattern from terms where role = 'zero'
),

funds as (
    select subject as table_code, pattern from terms where role = 'fund'
),

figures_read as (
    select disclosure_id, table_seq, count(amount_yuan) as figures
    from {{ changed(ref('int_table_cells'), 'int_table_cells') }}
    group by all
),

empty_tables as (
    select tables.*
    from {{ changed(ref('stg_raw__located_tables')) }} as tables
    inner join (select distinct table_code from funds) as fund_tables using (table_code)
    left join figures_read using (disclosure_id, table_seq)
    where tables.extraction_status = 'empty'
        or (tables.extraction_status = 'extracted' and coalesce(figures_read.figures, 0) = 0)
),

narratives_read as (
    -- whether any narrative of the disclosure is read at all: where none is, a note may be there unread
    select disclosure_id, bool_or(is_prose) as narrative_read from {{ changed(ref('int_content_pages'), 'int_content_pages') }} group by all
),

reporters as (
    -- each file with the disclosure that reports on it
    select distinct pages.disclosure_id, pages.file_disclosure_id, narratives_read.narrative_read
    from {{ changed(ref('int_content_pages')) }} as pages
    inner join narratives_read using (disclosure_id)
),

sentences as (
    -- every sentence of every page of the disclosure's files
    select
        pages.disclosure_id,
        pages.file_disclosure_id,
        pages.page_number,
        pages.page_role,
        sentence.sentence,
        sentence.sentence_no
    from {{ changed(ref('int_content_pages')) }} as pages,
        unnest(regexp_split_to_array(pages.flat_text, '[。；;]')) with ordinality as sentence (sentence, sentence_no)
    where sentence.sentence <> ''
        -- only the disclosures with an empty table need their sentences read
        and pages.disclosure_id in (
            select reporters.disclosure_id
            from empty_tables inner join reporters on empty_tables.disclosure_id = reporters.file_disclosure_id
        )
),

note_sentences as (
    -- the note's own clause: back to the colon of its 注： / 说明：, so that the table's title before it is not read
    -- as the note naming a fund
    select
        sentences.*,
        -- of the notes' patterns a sentence matches, the longest quote (ties by text): the same quote every build
        first(matched.quoted order by length(matched.quoted) desc, matched.quoted) as quoted
    from sentences
    inner join notes on regexp_matches(sentences.sentence, notes.pattern)
    cross join
        lateral (
            select regexp_extract(sentences.sentence, '[^：:]{0,30}(' || notes.pattern || ')[^。；]{0,20}') as quoted
        ) as matched
    group by all
),

narrative_note_sentences as (
    select * from note_sentences where page_role = 'narrative'
    union all
    select sentences.*, first(matched.quoted order by length(matched.quoted) desc, matched.quoted) as quoted
    from sentences
    inner join zero_statements on regexp_matches(sentences.sentence, zero_statements.pattern)
    cross join
        lateral (
            select {{ quote_match('sentences.sentence', 'zero_statements.pattern', 40, 4) }} as quoted
        ) as matched
    where sentences.page_role = 'narrative'
    group by all
),

own_page_notes as (
    -- the notes on the table's own pages, and whether each names this table's fund or only another's
    select
        empty_tables.disclosure_id as file_disclosure_id,
        empty_tables.table_seq,
        note_sentences.page_number,
        note_sentences.sentence_no,
        note_sentences.quoted as sentence,
        regexp_matches(note_sentences.quoted, own.pattern) as names_own,
        exists(
            select 1 from funds as other
            where other.table_code <> empty_tables.table_code and regexp_matches(note_sentences.quoted, other.pattern)
        ) as names_other
    from empty_tables
    inner join funds as own on empty_tables.table_code = own.table_code
    inner join note_sentences
        on empty_tables.disclosure_id = note_sentences.file_disclosure_id
            and (list_contains(string_split(empty_tables.pages, ','), cast(note_sentences.page_number as varchar))
            -- under a table that ends its page, on the next: only a note that names this table's fund
            or (note_sentences.page_number = empty_tables.last_page + 1 and regexp_matches(note_sentences.quoted, own.pattern)))
),

narrative_notes as (
    select
        empty_tables.disclosure_id as file_disclosure_id, empty_tables.table_seq, notes.page_number, notes.sentence_no,
        notes.quoted as sentence
    from empty_tables
    inner join reporters on empty_tables.disclosure_id = reporters.file_disclosure_id
    inner join funds as own on empty_tables.table_code = own.table_code
    inner join narrative_note_sentences as notes
        on reporters.disclosure_id = notes.disclosure_id and regexp_matches(notes.sentence, own.pattern)
),

shared_pages as (
    -- a page of the empty table that holds another located table too
    select distinct empty_tables.disclosure_id, empty_tables.table_seq
    from empty_tables
    inner join {{ changed(ref('stg_raw__located_tables')) }} as other
        on empty_tables.disclosure_id = other.disclosure_id and empty_tables.table_seq <> other.table_seq
    where list_has_any(string_split(other.pages, ','), string_split(empty_tables.pages, ','))
),

judged as (
    select
        reporters.disclosure_id,
        empty_tables.table_code,
        empty_tables.table_seq,
        empty_tables.table_title,
        empty_tables.pages,
        -- the first note in reading order (page, then sentence; of two quotes of one sentence, the longer):
        -- the same note every build
        (
            select first(n.sentence order by n.page_number asc, n.sentence_no asc, length(n.sentence) desc, n.sentence)
            from own_page_notes as n
            where n.file_disclosure_id = empty_tables.disclosure_id and n.table_seq = empty_tables.table_seq
        ) as page_note,
        (
            select bool_or(n.names_own or not n.names_other) from own_page_notes as n
            where n.file_disclosure_id = empty_tables.disclosure_id and n.table_seq = empty_tables.table_seq
        ) as page_note_own,
        (
            select
                first(
                    n.sentence
                    || ' (p. '
                    || n.page_number
                    || ')'
                    order by n.page_number asc, n.sentence_no asc, length(n.sentence) desc, n.sentence
                )
            from narrative_notes as n
            where n.file_disclosure_id = empty_tables.disclosure_id and n.table_seq = empty_tables.table_seq
        ) as narrative_note,
        shared_pages.table_seq is not null as shares_page,
        reporters.narrative_read
    from empty_tables
    inner join reporters on empty_tables.disclosure_id = reporters.file_disclosure_id
    left join shared_pages
        on empty_tables.disclosure_id = shared_pages.disclosure_id and empty_tables.table_seq = shared_pages.table_seq
),

checks as (
    select
        disclosure_id,
        'C:empty_table_note:' || table_code || '#' || table_seq as check_id,
        'empty_table_note' as rule_id, table_seq,
        table_code || ' ' || table_title || ' prints no figure: it carries its note (本表为空 / 无…安排)'
        || case when page_note is null and narrative_note is null and not narrative_read
                then ': no note on its page, and no narrative (情况说明) of this disclosure is read to hold one (published apart, not loaded)'
            else ''
        end as description,
        case
            when page_note is not null or narrative_note is not null then 'pass'
            -- the note may be in the narrative, and none is read: the premise of a finding is missing
            when not narrative_read then 'not_applicable'
            else 'fail'
        end as status,
        table_code as tables,
        pages,
        coalesce(page_note, narrative_note) as evidence
    from judged
    union all
    select
        disclosure_id,
        'C:empty_table_note_own:' || table_code || '#' || table_seq as check_id,
        'empty_table_note_own' as rule_id, table_seq,
        table_code || ' ' || table_title || ': the note on its page names this table''s fund, not another''s' as description,
        case when shares_page then 'not_applicable' when page_note_own then 'pass' else 'fail' end as status,
        table_code as tables,
        pages,
        page_note as evidence
    from judged
    where page_note is not null
)

select {{ content_columns(
    'empty_table', 'status', 'description', 'evidence', 'pages', tables='tables', table_code='tables', table_seq='table_seq'
) }}
from checks
