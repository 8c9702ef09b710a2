{{ stage_cells('t06_general_budget_basic_expenditure') }}
