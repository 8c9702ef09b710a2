{#- Marts whose grain is one disclosure are built incrementally, by disclosure: a run replaces the rows of the
    disclosures that changed since the last build and keeps the rest. The loader lists every disclosure whose
    staging rows changed in raw.pending_changes (loaded, superseded, held back, or its set changed); a build
    also rebuilds the other files of their sets and the other years of their units, whose checks read them
    (listed once per build, in meta.changed_disclosures).
    `dbt build --full-refresh` (`pipelines.cli run --full-refresh`) builds everything from scratch, and gives
    the same rows. -#}

{% macro record_changed_disclosures() -%}
    {#- At the start of a build (on-run-start): the disclosures to rebuild, once, in meta.changed_disclosures:
        those listed in raw.pending_changes, the other files of their sets, and the other years of their units
        (by the units' key where the units were built before, else by the name as printed). Committed at
        once, so that every model's own connection reads it. -#}
    {%- if execute -%}
        {%- set pending = adapter.get_relation(database=target.database, schema='raw', identifier='pending_changes') -%}
        {%- set sets = adapter.get_relation(database=target.database, schema='raw', identifier='disclosure_sets') -%}
        {%- set built = adapter.get_relation(database=target.database, schema='intermediate', identifier='int_disclosure_units') -%}
        {%- set units = built if built is not none else '(select disclosure_id, unit_name as unit_key from raw.disclosures)' -%}
        {%- do run_query("create schema if not exists meta") -%}
        {%- if pending is none -%}
            {%- do run_query("create or replace table meta.changed_disclosures (disclosure_id varchar)") -%}
        {%- else -%}
            {%- set partners = [] -%}
            {%- if sets is not none -%}
                {%- do partners.append("select b.disclosure_id from raw.disclosure_sets as a inner join raw.disclosure_sets as b using (set_id)
                    where a.disclosure_id in (select disclosure_id from raw.pending_changes)") -%}
            {%- endif -%}
            {%- do partners.append("select b.disclosure_id from " ~ units ~ " as a inner join " ~ units ~ " as b using (unit_key)
                    where a.disclosure_id in (select disclosure_id from raw.pending_changes)") -%}
            {%- do run_query("create or replace table meta.changed_disclosures as
                select disclosure_id from raw.pending_changes union " ~ partners | join(" union ")) -%}
        {%- endif -%}
        {%- do adapter.commit() -%}
    {%- endif -%}
    select 1
{%- endmacro %}

{% macro changed_disclosures() -%}
    {#- The disclosures to rebuild, as a literal list: a list of constants reaches every scan below the
        model as a filter, where a subquery would stop at the first join. -#}
    {%- if execute -%}
        {%- set ids = run_query("select disclosure_id from meta.changed_disclosures order by 1").columns[0].values() -%}
    {%- else -%}
        {%- set ids = [] -%}
    {%- endif -%}
    {%- if ids | length == 0 -%}
        (select null::varchar where false)
    {%- else -%}
        ({%- for id in ids -%}'{{ id }}'{{ ", " if not loop.last }}{%- endfor -%})
    {%- endif -%}
{%- endmacro %}

{% macro changed(relation, alias=none) -%}
    {#- This input read only for the disclosures to rebuild, in an incremental run (named `alias` where the
        model names it by its own name). A unit test (no `this`) reads its given rows whole. -#}
    {%- if this is not none and is_incremental() -%}
        (select * from {{ relation }} where disclosure_id in {{ changed_disclosures() }}){{ " as " ~ alias if alias }}
    {%- else -%}
        {{ relation }}
    {%- endif -%}
{%- endmacro %}

{% macro get_incremental_by_disclosure_sql(arg_dict) -%}
    {%- set target = arg_dict["target_relation"] -%}
    {%- set columns = get_quoted_csv(arg_dict["dest_columns"] | map(attribute="name")) -%}
    delete from {{ target }} where disclosure_id in {{ changed_disclosures() }};
    insert into {{ target }} ({{ columns }}) select {{ columns }} from {{ arg_dict["temp_relation"] }}
{%- endmacro %}

{% macro default__get_where_subquery(relation) -%}
    {#- In an incremental build, a test of rows kept by disclosure reads the rows of the disclosures rebuilt:
        a mart built by disclosure, or a staging table or view (whose rows change only in a load, which lists
        its disclosures as changed). The other rows were tested when they were built and have not changed.
        A full build (--full-refresh) tests every row. -#}
    {%- set where = config.get('where', '') -%}
    {%- set conditions = [] -%}
    {%- if where -%}{%- do conditions.append("(" ~ where ~ ")") -%}{%- endif -%}
    {%- if execute and not flags.FULL_REFRESH and by_disclosure(relation) -%}
        {%- do conditions.append("disclosure_id in " ~ changed_disclosures()) -%}
    {%- endif -%}
    {%- if conditions -%}
        {#- unnamed unless a `where` asks (as dbt's own does): a test may name the model itself -#}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ conditions | join(' and ') }}){{ " dbt_subquery" if where }}
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}

{% macro by_disclosure(relation) -%}
    {#- Whether this relation's rows are kept by disclosure: a model of the by_disclosure strategy, or a
        staging source or view documenting a disclosure_id column. -#}
    {%- if relation.identifier is not defined -%}{%- do return(false) -%}{%- endif -%}
    {%- for node in graph.nodes.values() | list + graph.sources.values() | list -%}
        {%- set name = node.identifier if node.resource_type == 'source' else node.alias -%}
        {%- if node.resource_type in ('model', 'source') and name == relation.identifier and node.schema == relation.schema -%}
            {%- if node.resource_type == 'model' and node.config.get('incremental_strategy') == 'by_disclosure' -%}
                {%- do return(true) -%}
            {%- endif -%}
            {%- do return(node.schema in ('raw', 'staging') and 'disclosure_id' in node.columns) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do return(false) -%}
{%- endmacro %}
