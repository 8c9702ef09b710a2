"""camelot's ruled grids of a page, rebuilt as grids of texts with their merged cells and boxes."""
