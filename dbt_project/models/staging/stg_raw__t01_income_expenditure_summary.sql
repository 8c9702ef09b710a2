{{ stage_cells('t01_income_expenditure_summary') }}
