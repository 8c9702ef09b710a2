{#- Every mart row must point at a page that exists in its disclosure. -#}
{% test has_provenance(model, column_name) %}
select facts.*
from {{ model }} as facts
left join {{ ref('dim_disclosure') }} as disclosures on facts.disclosure_id = disclosures.disclosure_id
where facts.{{ column_name }} is null
    or disclosures.disclosure_id is null
    or facts.{{ column_name }} < 1
    or facts.{{ column_name }} > disclosures.page_count
{% endtest %}
