{{ stage_cells('t05_general_budget_expenditure') }}
