{{ stage_cells('t03_expenditure_summary') }}
