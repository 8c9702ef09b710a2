{{ stage_cells('t08_state_capital_expenditure') }}
