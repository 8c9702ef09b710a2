{{ stage_cells('t04_fiscal_appropriation_summary') }}
