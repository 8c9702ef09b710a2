"""Reading a PDF: its identity, its text layer and ruled pages, what the file is and what it says it is."""
