"""The checks: the properties of the pair and of the spec, by graph search and by Z3."""
