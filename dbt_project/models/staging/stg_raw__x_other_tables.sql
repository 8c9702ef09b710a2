{{ stage_cells('x_other_tables') }}
