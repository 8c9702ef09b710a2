"""A located table's grid → column paths, row codes and roles, exact amounts, and the sums its layout asserts."""
