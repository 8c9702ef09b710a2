{{ stage_cells('t02_income_summary') }}
