{{ stage_cells('t07_government_fund_expenditure') }}
