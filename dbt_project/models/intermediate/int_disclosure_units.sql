{#- Each current disclosure with the unit key its printed name maps to (unit_aliases seed). -#}
select
    disclosures.disclosure_id,
    disclosures.unit_name,
    coalesce(aliases.unit_key, disclosures.unit_name) as unit_key,
    aliases.unit_key is not null as unit_mapped,
    disclosures.fiscal_year,
    disclosures.report_kind
from {{ ref('dim_disclosure') }} as disclosures
left join {{ ref('unit_aliases') }} as aliases on disclosures.unit_name = aliases.unit_name
where disclosures.is_current and disclosures.load_status in ('loaded', 'partial')
