{{ stage_cells('t09_three_public_costs') }}
