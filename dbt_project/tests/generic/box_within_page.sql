{#- A cell's box lies on its page: 0 ≤ x0 ≤ x1 ≤ the page's width and 0 ≤ y0 ≤ y1 ≤ its height (as displayed),
    within a point of rounding; page_of names the column of the disclosure whose page it is. A cell without a box is counted by the not_null test on x0. -#}
{% test box_within_page(model, page_of='disclosure_id') %}
select cells.*
from {{ model }} as cells
inner join {{ ref('stg_raw__page_texts') }} as pages
    on pages.disclosure_id = cells.{{ page_of }} and pages.page_number = cells.page_number
where cells.x0 is not null
    and not (
        cells.x0 >= -1 and cells.y0 >= -1 and cells.x0 <= cells.x1 and cells.y0 <= cells.y1
        and cells.x1 <= pages.width + 1 and cells.y1 <= pages.height + 1
    )
{% endtest %}
